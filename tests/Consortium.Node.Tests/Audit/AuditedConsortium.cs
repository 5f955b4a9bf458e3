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

    public static readonly BigInteger DundeeReward = TokenAmount.FromTokens(60m);
    public static readonly BigInteger FifeReward = TokenAmount.FromTokens(0.5m);

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
        var options = new ChainConnectionOptions { ChainId = Chain.ChainId };
        var coordinator = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[0], options);
        (Dundee, Fife) = (Chain.DevAccounts[2], Chain.DevAccounts[3]);
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(coordinator.Account!.Value, "coordinator", MemberRole.Coordinator),
            new FoundingMember(Dundee.Address, DundeeName, MemberRole.Operator),
            new FoundingMember(Fife.Address, FifeName, MemberRole.Operator),
        ]);
        Addresses = await ConsortiumDeployment.DeployAsync(coordinator, setup);
        var ledger = new ConsortiumLedger(coordinator, Addresses);
        var dundee = new ConsortiumLedger(ChainConnection.WithSigner(Chain.RpcUrl, Dundee, options), Addresses);
        var fife = new ConsortiumLedger(ChainConnection.WithSigner(Chain.RpcUrl, Fife, options), Addresses);

        var first = await ledger.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash(InitialModel), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        DundeeCommit = await dundee.Rounds.CommitUpdateAsync(first.RoundId, Keccak.Hash(DundeeUpdate));
        FifeCommit = await fife.Rounds.CommitUpdateAsync(first.RoundId, Keccak.Hash(FifeUpdate));
        var table = RoundScoreTable.Create(
            first.RoundId,
            [MemberScore.FromValue(Dundee.Address, DundeeScore, DundeeReward), MemberScore.FromValue(Fife.Address, FifeScore, FifeReward)],
            []);
        Finalization = await ledger.Rounds.FinalizeRoundAsync(table, Keccak.Hash(AggregatedModel));
        await ledger.Rounds.ClaimRewardAsync(table, Dundee.Address);
        await ledger.Rounds.ClaimRewardAsync(table, Fife.Address);

        var second = await ledger.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash(AggregatedModel), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
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
