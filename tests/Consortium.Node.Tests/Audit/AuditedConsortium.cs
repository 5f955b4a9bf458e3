using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// A consortium on a real anvil, as an auditor finds it: two registered members, round 1 opened, committed to by both and
/// finalized with scores and rewards, and round 2 opened on round 1's model with one commit so far.
/// </summary>
public sealed class AuditedConsortium : IAsyncLifetime
{
    public const string DundeeName = "Dundee City Council";
    public const string FifeName = "Fife Council";
    public const double DundeeScore = 0.625;
    public const double FifeScore = -0.125;

    public static readonly BigInteger DundeeReward = RewardTokenClient.ToUnits(60m);
    public static readonly BigInteger FifeReward = RewardTokenClient.ToUnits(0.5m);

    private AnvilChain? _chain;

    public AnvilChain Chain => _chain ?? throw new InvalidOperationException("anvil has not started.");

    public ConsortiumAddresses Addresses { get; private set; } = null!;

    public ChainAccount Dundee { get; private set; } = null!;

    public ChainAccount Fife { get; private set; } = null!;

    /// <summary>The model round 1 was opened on.</summary>
    public byte[] InitialModel { get; } = Bytes(1, 4096);

    /// <summary>The model round 1 was finalized with, and round 2 opened on.</summary>
    public byte[] AggregatedModel { get; } = Bytes(2, 4096);

    public byte[] DundeeUpdate { get; } = Bytes(3, 4096);

    public byte[] FifeUpdate { get; } = Bytes(4, 4096);

    /// <summary>Dundee's commit in the still-open round 2.</summary>
    public byte[] DundeeSecondUpdate { get; } = Bytes(5, 4096);

    public LedgerTransaction DundeeCommit { get; private set; } = null!;

    public LedgerTransaction FifeCommit { get; private set; } = null!;

    public LedgerTransaction Finalization { get; private set; } = null!;

    public LedgerTransaction DundeeSecondCommit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        var coordinator = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[0], Chain.ChainId);
        Addresses = await ConsortiumDeployment.DeployAsync(coordinator);
        var ledger = new ConsortiumLedger(coordinator, Addresses);

        var funder = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[1], Chain.ChainId);
        var keys = await funder.CreateFundedAccountsAsync(2, BigInteger.Pow(10, 18));
        (Dundee, Fife) = (keys[0], keys[1]);
        await ledger.Registry.RegisterMemberAsync(Dundee.Address, DundeeName);
        await ledger.Registry.RegisterMemberAsync(Fife.Address, FifeName);
        var dundee = new ConsortiumLedger(ChainConnection.WithSigner(Chain.RpcUrl, Dundee, Chain.ChainId), Addresses);
        var fife = new ConsortiumLedger(ChainConnection.WithSigner(Chain.RpcUrl, Fife, Chain.ChainId), Addresses);

        var first = await ledger.Rounds.OpenRoundAsync(Keccak.Hash(InitialModel), DateTimeOffset.UtcNow.AddHours(1));
        DundeeCommit = await dundee.Rounds.CommitUpdateAsync(first.RoundId, Keccak.Hash(DundeeUpdate));
        FifeCommit = await fife.Rounds.CommitUpdateAsync(first.RoundId, Keccak.Hash(FifeUpdate));
        Finalization = await ledger.Rounds.FinalizeRoundAsync(
            first.RoundId,
            Keccak.Hash(AggregatedModel),
            [MemberScore.FromValue(Dundee.Address, DundeeScore, DundeeReward), MemberScore.FromValue(Fife.Address, FifeScore, FifeReward)]);

        var second = await ledger.Rounds.OpenRoundAsync(Keccak.Hash(AggregatedModel), DateTimeOffset.UtcNow.AddHours(1));
        DundeeSecondCommit = await dundee.Rounds.CommitUpdateAsync(second.RoundId, Keccak.Hash(DundeeSecondUpdate));
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }

    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
