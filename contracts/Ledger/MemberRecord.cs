using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>An account's membership as the registry holds it.</summary>
/// <param name="Account">The account.</param>
/// <param name="Role">Its role; <see cref="MemberRole.None"/> for an account never admitted.</param>
/// <param name="Status">Its membership status.</param>
/// <param name="Number">Its permanent member number (1, 2, ...); 0 for an account never admitted.</param>
/// <param name="ExitAvailableAt">When a leaving member may withdraw its stake; null unless it is leaving.</param>
/// <param name="Stake">The consortium tokens the registry holds for it, in the token's smallest unit.</param>
public sealed record MemberRecord(
    ChainAddress Account,
    MemberRole Role,
    MemberStatus Status,
    uint Number,
    DateTimeOffset? ExitAvailableAt,
    BigInteger Stake)
{
    /// <summary>Whether the account is an active member.</summary>
    public bool IsActive => Status == MemberStatus.Active;
}
