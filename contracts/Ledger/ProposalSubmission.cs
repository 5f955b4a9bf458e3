namespace Consortium.Contracts.Ledger;

/// <summary>The result of making a proposal: applying for membership, or proposing a coordinator.</summary>
/// <param name="ProposalId">The id the registry gave the proposal.</param>
/// <param name="Transaction">The mined transaction.</param>
public sealed record ProposalSubmission(ulong ProposalId, LedgerTransaction Transaction);
