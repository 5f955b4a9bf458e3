using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Node.Hosting;
using Consortium.Node.Import;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// Operators imported from the bundled council data into a data directory, each with the key its store holds, deployed
/// as founding members (dev account 1 coordinating) on a chain the test started and given gas; starts their nodes as
/// <c>consortium member</c> processes the way the demo does.
/// </summary>
internal sealed class ImportedConsortium
{
    private readonly AnvilChain _chain;

    private ImportedConsortium(AnvilChain chain, string dataDir, IReadOnlyList<OperatorPlan> plans, IReadOnlyList<ChainAddress> keys, ConsortiumLedger ledger)
    {
        _chain = chain;
        DataDir = dataDir;
        Plans = plans;
        Keys = keys;
        Ledger = ledger;
    }

    /// <summary>Where the operators' stores are.</summary>
    public string DataDir { get; }

    /// <summary>The operators, as imported.</summary>
    public IReadOnlyList<OperatorPlan> Plans { get; }

    /// <summary>Each operator's address, in the order of <see cref="Plans"/>.</summary>
    public IReadOnlyList<ChainAddress> Keys { get; }

    /// <summary>The ledger, signing as the coordinator.</summary>
    public ConsortiumLedger Ledger { get; }

    /// <summary>Imports <paramref name="operators"/> operators into <paramref name="dataDir"/> and deploys the consortium on <paramref name="chain"/>.</summary>
    public static async Task<ImportedConsortium> DeployAsync(AnvilChain chain, string dataDir, int operators)
    {
        var plans = CouncilImport.Run(dataDir, operators, TextWriter.Null);
        var keys = plans.Select(plan => MemberNodeArguments.Identity(dataDir, plan.Name)).ToList();
        var coordinator = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[1].PrivateKey, new ChainConnectionOptions { ChainId = chain.ChainId });
        var addresses = await ConsortiumDeployment.DeployAsync(
            coordinator,
            new ConsortiumSetup(
            [
                new FoundingMember(coordinator.Account!.Value, "coordinator", MemberRole.Coordinator),
                .. plans.Select((plan, i) => new FoundingMember(keys[i], plan.Name, MemberRole.Operator)),
            ]));
        foreach (var key in keys)
        {
            await coordinator.SendEtherAsync(key, BigInteger.Pow(10, 18));
        }

        return new ImportedConsortium(chain, dataDir, plans, keys, new ConsortiumLedger(coordinator, addresses));
    }

    /// <summary>Starts operator <paramref name="index"/>'s node with the demo's options and <paramref name="options"/> after them.</summary>
    public ChildNodeProcess StartMember(int index, TextWriter log, params string[] options) =>
        ChildNodeProcess.Start(
            Plans[index].Name,
            [.. MemberNodeArguments.For(Plans[index].Name, DataDir, _chain.RpcUrl, _chain.ChainId, Ledger.Addresses), .. options],
            log);
}
