namespace Consortium.Contracts.Ledger;

/// <summary>The result of opening a dispatch event.</summary>
/// <param name="EventId">The id the ledger gave the event.</param>
/// <param name="Transaction">The mined transaction.</param>
public sealed record DispatchOpening(ulong EventId, LedgerTransaction Transaction);
