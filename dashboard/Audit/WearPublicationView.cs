namespace Consortium.Dashboard.Audit;

/// <summary>
/// One publication of wear prices on the dispatch ledger: the battery-health round and model they were derived from, the
/// hash of the stated assumptions (pack replacement cost, end of life), and the price of each chemistry.
/// </summary>
/// <param name="RoundId">The finalized battery-health round.</param>
/// <param name="ModelHash">The model that round was finalized with, as the ledger recorded it with the prices.</param>
/// <param name="AssumptionsHash">Keccak-256 of the assumptions' JSON text.</param>
/// <param name="Prices">Each chemistry's price per kWh discharged.</param>
/// <param name="TxHash">The publishing transaction.</param>
/// <param name="BlockNumber">Its block.</param>
public sealed record WearPublicationView(
    ulong RoundId, string ModelHash, string AssumptionsHash, IReadOnlyList<WearPriceView> Prices, string TxHash, ulong BlockNumber)
{
    /// <summary>Whether these are the prices dispatch events open under now (the latest publication).</summary>
    public bool InForce { get; init; }

    /// <summary>
    /// Whether <see cref="ModelHash"/> is the model the round ledger shows the round finalized with; null when the
    /// snapshot holds no finalization for the round.
    /// </summary>
    public bool? ModelMatchesRound { get; init; }
}
