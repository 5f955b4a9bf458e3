using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>An <c>AccusationSettled</c> event: the accusation ended upheld (slashed), reversed or lapsed.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The accused member.</param>
/// <param name="Outcome"><see cref="AccusationStatus.Upheld"/>, <see cref="AccusationStatus.Reversed"/> or <see cref="AccusationStatus.Lapsed"/>.</param>
/// <param name="Slashed">The tokens taken from its stake; zero unless upheld.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record AccusationSettledEvent(ulong RoundId, ChainAddress Member, AccusationStatus Outcome, BigInteger Slashed, Hash32 TxHash, ulong BlockNumber);
