namespace Consortium.Network.Security;

/// <summary>What a peer is in the consortium, as the chain says: the role its calls are checked against.</summary>
public enum PeerRole
{
    /// <summary>A charging operator.</summary>
    Operator,

    /// <summary>An automaker.</summary>
    Automaker,

    /// <summary>An auditor.</summary>
    Auditor,

    /// <summary>The consortium's current coordinator.</summary>
    Coordinator,
}
