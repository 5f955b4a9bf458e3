namespace Consortium.Contracts.Ledger;

/// <summary>The result of opening a round.</summary>
/// <param name="RoundId">The id the ledger gave the new round.</param>
/// <param name="Transaction">The mined transaction.</param>
public sealed record RoundOpening(ulong RoundId, LedgerTransaction Transaction);
