namespace Consortium.Node.Home;

/// <summary>What a node does in the consortium; fixed at <c>init</c>.</summary>
public enum NodeRole
{
    /// <summary>A charge point operator: trains on its charging data and takes part in dispatch.</summary>
    Operator,

    /// <summary>A vehicle maker: trains the shared battery-health model on its fleet data.</summary>
    Automaker,

    /// <summary>Checks the ledger and votes; contributes no updates.</summary>
    Auditor,

    /// <summary>Runs the rounds and dispatch events.</summary>
    Coordinator,

    /// <summary>A grid party: signs flexibility requests; not a member of the registry.</summary>
    Grid,
}
