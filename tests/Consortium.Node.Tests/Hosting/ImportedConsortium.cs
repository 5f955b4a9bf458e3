using System.Globalization;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Network.Security;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.GridParty;
using Consortium.Node.Demo;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Hosting;
using Consortium.Node.Home;
using Consortium.Node.Import;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// Operators imported from the bundled council data, each in a home folder of its own around its store (keystore, TLS
/// certificate, settings), founded with a coordinator's home on a chain the test started and given gas, the way the demo
/// does it; starts their nodes as <c>consortium run</c> processes, which the test reaches over mutual TLS with the
/// coordinator's certificate.
/// </summary>
internal sealed class ImportedConsortium : IDisposable
{
    private static readonly BigInteger FundingWei = BigInteger.Pow(10, 18);
    private readonly AnvilChain _chain;

    private ImportedConsortium(
        AnvilChain chain, string dataDir, IReadOnlyList<OperatorPlan> plans, IReadOnlyList<NodeHome> homes, string descriptorPath, string passwordFile, ConsortiumLedger ledger, X509Certificate2 certificate)
    {
        _chain = chain;
        DataDir = dataDir;
        Plans = plans;
        Homes = homes;
        Keys = [.. homes.Select(h => h.Card().Address)];
        DescriptorPath = descriptorPath;
        PasswordFile = passwordFile;
        Ledger = ledger;
        CoordinatorCertificate = certificate;
    }

    /// <summary>Where the operators' homes (and their stores) are.</summary>
    public string DataDir { get; }

    /// <summary>The operators, as imported.</summary>
    public IReadOnlyList<OperatorPlan> Plans { get; }

    /// <summary>Each operator's home, in the order of <see cref="Plans"/>.</summary>
    public IReadOnlyList<NodeHome> Homes { get; }

    /// <summary>Each operator's address, in the order of <see cref="Plans"/>.</summary>
    public IReadOnlyList<ChainAddress> Keys { get; }

    /// <summary>The consortium descriptor the founders wrote.</summary>
    public string DescriptorPath { get; }

    /// <summary>The homes' development password, as a file.</summary>
    public string PasswordFile { get; }

    /// <summary>The ledger, signing as the coordinator.</summary>
    public ConsortiumLedger Ledger { get; }

    /// <summary>The consortium's request domain: requests signed for it can open events on its ledger.</summary>
    public RequestDomain Domain => new(31337, Ledger.Addresses.Dispatch);

    /// <summary>The coordinator's TLS certificate, which the operators' nodes admit once it is published on chain.</summary>
    public X509Certificate2 CoordinatorCertificate { get; }

    /// <summary>
    /// Imports <paramref name="operators"/> operators into <paramref name="dataDir"/>, gives each and a coordinator a home,
    /// and founds the consortium on <paramref name="chain"/> with all of them, the coordinator's contact published.
    /// </summary>
    public static async Task<ImportedConsortium> DeployAsync(AnvilChain chain, string dataDir, int operators)
    {
        var plans = CouncilImport.Run(dataDir, operators, TextWriter.Null);
        var passwordFile = DemoHomes.WritePassword(dataDir);
        var coordinatorHome = DemoHomes.OpenOrCreate(Path.Combine(dataDir, "coordinator"), "coordinator", NodeRole.Coordinator);
        var homes = plans.Select(plan => DemoHomes.OpenOrCreate(Path.Combine(dataDir, plan.Name), plan.Name, NodeRole.Operator)).ToList();
        var coordinatorAccount = coordinatorHome.OpenAccount(DemoHomes.Password);
        var funder = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        foreach (var address in homes.Select(h => h.Card().Address).Prepend(coordinatorAccount.Address))
        {
            await funder.SendEtherAsync(address, FundingWei);
        }

        var chainOptions = new ChainConnectionOptions { ChainId = chain.ChainId };
        var descriptor = await ConsortiumFounding.DeployAsync(
            chain.RpcUrl, coordinatorAccount, chainOptions, new ConsortiumSetup(ConsortiumFounding.Founders([coordinatorHome.Card(), .. homes.Select(h => h.Card())])), CancellationToken.None);
        var descriptorPath = Path.Combine(dataDir, "consortium.json");
        await File.WriteAllTextAsync(descriptorPath, descriptor.ToJson() + "\n");
        var ledger = new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, coordinatorAccount, chainOptions), descriptor.Contracts);
        await ConsortiumMembership.PrepareToServeAsync(ledger, coordinatorHome.Card(), CancellationToken.None);
        IReadOnlyList<ConsortiumLedger> voters =
            [ledger, .. homes.Select(h => new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, h.OpenAccount(DemoHomes.Password), chainOptions), descriptor.Contracts))];
        await GridPartyGovernance.RegisterAsync(voters, TestRequests.GridKey.Address, "test grid party");
        return new ImportedConsortium(chain, dataDir, plans, homes, descriptorPath, passwordFile, ledger, coordinatorHome.OpenCertificate(DemoHomes.Password));
    }

    /// <summary>Starts operator <paramref name="index"/>'s node (<c>consortium run</c> on its home) with <paramref name="options"/> after the demo's.</summary>
    public ChildNodeProcess StartMember(int index, TextWriter log, params string[] options) => StartMember(index, log, null, options);

    /// <summary>Starts operator <paramref name="index"/>'s node, stopping by itself when process <paramref name="parentPid"/> ends.</summary>
    public ChildNodeProcess StartMember(int index, TextWriter log, int? parentPid, params string[] options) =>
        ChildNodeProcess.StartVerb(
            Plans[index].Name,
            "run",
            [
                "--home", Homes[index].Path,
                "--consortium", DescriptorPath,
                "--password-file", PasswordFile,
                .. MemberArguments.Chain(new ChainConnectionOptions { GasPrice = GasPricePolicy.Legacy }, _chain.ChainId),
                "--window-stride", 24.ToString(CultureInfo.InvariantCulture),
                .. options,
            ],
            log,
            parentPid);

    /// <summary>What the coordinator presents to operator <paramref name="index"/>'s node, and the fingerprint it expects back.</summary>
    public PeerCredentials Credentials(int index) => new(CoordinatorCertificate, Homes[index].Card().TlsFingerprint);

    /// <summary>The operators' nodes as the coordinator reaches them: by the contacts they published on chain, over mutual TLS.</summary>
    public async Task<IReadOnlyList<RemoteMember>> ConnectAsync()
    {
        var (connected, unreachable) = await ChainMembers.ConnectAsync(Ledger.Registry, CoordinatorCertificate, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(unreachable.Count == 0, string.Join("; ", unreachable.Select(u => $"{u.Name}: {u.Reason}")));
        return [.. Plans.Select(plan => connected.Single(m => m.Name == plan.Name))];
    }

    /// <inheritdoc />
    public void Dispose() => CoordinatorCertificate.Dispose();
}
