using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A membership decision put to the members.</summary>
/// <param name="ProposalId">The proposal's id.</param>
/// <param name="Kind">Admission or coordinator rotation.</param>
/// <param name="Status">Pending, executed, withdrawn or rejected.</param>
/// <param name="Subject">The applicant, or the member proposed as coordinator.</param>
/// <param name="Role">The role asked for (admissions) or <see cref="MemberRole.Coordinator"/>.</param>
/// <param name="RequiredVotes">Approvals needed, fixed when the proposal was made.</param>
/// <param name="Approvals">Approvals so far.</param>
/// <param name="Escrow">The applicant's stake held until admission, withdrawal or rejection.</param>
/// <param name="Rejections">Rejections so far.</param>
/// <param name="Electorate">The active members when it was proposed; it is defeated once fewer than
/// <paramref name="RequiredVotes"/> of them are left who have not rejected it.</param>
public sealed record MembershipProposal(
    ulong ProposalId,
    ProposalKind Kind,
    ProposalStatus Status,
    ChainAddress Subject,
    MemberRole Role,
    int RequiredVotes,
    int Approvals,
    BigInteger Escrow,
    int Rejections,
    int Electorate);
