namespace Consortium.Contracts.Ledger;

/// <summary>Where an account is in its membership (mirrors <c>IMemberRegistry.MemberStatus</c>).</summary>
public enum MemberStatus
{
    /// <summary>Never admitted.</summary>
    None = 0,

    /// <summary>A member with full rights.</summary>
    Active = 1,

    /// <summary>Announced its exit: no longer contributes or votes, its stake stays slashable until the notice period ends.</summary>
    Leaving = 2,

    /// <summary>Withdrew its stake and left; its number and reputation remain for past rounds.</summary>
    Left = 3,
}
