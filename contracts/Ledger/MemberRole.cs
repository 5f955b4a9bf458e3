namespace Consortium.Contracts.Ledger;

/// <summary>What a member does in the consortium (mirrors <c>IMemberRegistry.Role</c>).</summary>
public enum MemberRole
{
    /// <summary>Not a member.</summary>
    None = 0,

    /// <summary>A charge point operator: trains on its load data, commits updates, takes part in dispatch events.</summary>
    Operator = 1,

    /// <summary>A vehicle maker: trains on its fleet data and commits updates.</summary>
    Automaker = 2,

    /// <summary>Votes on proposals and verifies the ledger; does not contribute updates.</summary>
    Auditor = 3,

    /// <summary>The one member that opens and finalizes rounds and dispatch events; rotated by vote.</summary>
    Coordinator = 4,
}
