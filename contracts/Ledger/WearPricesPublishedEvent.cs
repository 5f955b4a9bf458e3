namespace Consortium.Contracts.Ledger;

/// <summary>A <c>WearPricesPublished</c> event: the coordinator published wear prices derived from a battery round's model.</summary>
/// <param name="RoundId">The battery-health round the prices came from.</param>
/// <param name="ModelHash">The model that round finalized.</param>
/// <param name="AssumptionsHash">Keccak-256 of the stated assumptions.</param>
/// <param name="Prices">One price per chemistry, labels increasing.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record WearPricesPublishedEvent(ulong RoundId, Hash32 ModelHash, Hash32 AssumptionsHash, IReadOnlyList<WearPrice> Prices, Hash32 TxHash, ulong BlockNumber);
