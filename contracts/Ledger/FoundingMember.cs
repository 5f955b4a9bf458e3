namespace Consortium.Contracts.Ledger;

/// <summary>A member admitted at deployment, staked with a founding allocation the registry mints.</summary>
/// <param name="Account">The member's account.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Role">Its role; exactly one founder is the <see cref="MemberRole.Coordinator"/>.</param>
public sealed record FoundingMember(ChainAddress Account, string Name, MemberRole Role);
