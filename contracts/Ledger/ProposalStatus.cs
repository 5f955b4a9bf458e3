namespace Consortium.Contracts.Ledger;

/// <summary>Where a membership proposal is (mirrors <c>IMemberRegistry.ProposalStatus</c>).</summary>
public enum ProposalStatus
{
    /// <summary>No such proposal.</summary>
    None = 0,

    /// <summary>Collecting approvals.</summary>
    Pending = 1,

    /// <summary>Reached its threshold and took effect.</summary>
    Executed = 2,

    /// <summary>The applicant withdrew it and took back its stake.</summary>
    Withdrawn = 3,

    /// <summary>So many members rejected it that it could no longer reach its threshold; an applicant's escrow went back.</summary>
    Rejected = 4,
}
