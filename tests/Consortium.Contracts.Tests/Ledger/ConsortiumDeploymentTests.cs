using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class ConsortiumDeploymentTests(AnvilFixture anvil)
{
    [Fact]
    public async Task DeployedContractsHaveCodeAndAreWiredToEachOther()
    {
        var addresses = await ConsortiumDeployment.DeployAsync(
            anvil.Chain.RpcUrl, anvil.Deployer.PrivateKey, ConsortiumSetup.WithCoordinator(anvil.Deployer.Address), anvil.Options);
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), addresses);

        Assert.True(await ledger.IsDeployedAsync());
        Assert.Equal(4, new[] { addresses.Registry, addresses.Rounds, addresses.Token, addresses.Dispatch }.Distinct().Count());
        Assert.Equal(anvil.Deployer.Address, await ledger.Registry.GetCoordinatorAsync());
        Assert.Equal(anvil.Deployer.Address, await ledger.Rounds.GetCoordinatorAsync());
        Assert.Equal(addresses.Registry, await ledger.Rounds.GetMemberRegistryAsync());
        Assert.Equal(addresses.Token, await ledger.Rounds.GetRewardTokenAsync());
        Assert.Equal(addresses.Registry, await ledger.Token.GetMinterAsync());
        Assert.Equal(addresses.Rounds, await ledger.Registry.GetRoundLedgerAsync());
        Assert.Equal(addresses.Dispatch, await ledger.Registry.GetDispatchLedgerAsync());
        Assert.Equal(new RoundSlashRates(5_000, 1_000), await ledger.Rounds.GetSlashRatesAsync());
        Assert.Equal(5_001, await ledger.Registry.GetAdmissionThresholdBpsAsync());
        Assert.Equal(TimeSpan.FromDays(7), await ledger.Registry.GetExitNoticePeriodAsync());
    }

    [Fact]
    public async Task TheTreasuryReceivesItsAllocationAndTheFoundersTheirStakes()
    {
        var treasury = ChainAccount.Generate().Address;
        var setup = ConsortiumSetup.WithCoordinator(anvil.Deployer.Address) with
        {
            Treasury = treasury,
            TreasuryAllocation = TokenAmount.FromTokens(500m),
            MinStake = TokenAmount.FromTokens(25m),
        };

        var addresses = await ConsortiumDeployment.DeployAsync(ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options), setup);

        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), addresses);
        Assert.Equal(TokenAmount.FromTokens(500m), await ledger.Token.BalanceOfAsync(treasury));
        Assert.Equal(TokenAmount.FromTokens(25m), (await ledger.Registry.GetMemberAsync(anvil.Deployer.Address)).Stake);
        Assert.Equal(TokenAmount.FromTokens(525m), await ledger.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task InvalidSetupsAreRefusedBeforeAnythingIsSent()
    {
        var deployer = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options);
        var noCoordinator = new ConsortiumSetup([new FoundingMember(anvil.Deployer.Address, "Operator", MemberRole.Operator)]);
        var inverted = ConsortiumSetup.WithCoordinator(anvil.Deployer.Address) with { MaliciousSlashBps = 100, NonDeliverySlashBps = 200 };

        await Assert.ThrowsAsync<ArgumentException>(() => ConsortiumDeployment.DeployAsync(deployer, noCoordinator));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ConsortiumDeployment.DeployAsync(deployer, inverted));

        // Too many founders for the registry's creation code: named, with what to do, instead of the chain's bare refusal.
        var crowd = new ConsortiumSetup(
        [
            new FoundingMember(anvil.Deployer.Address, "coordinator", MemberRole.Coordinator),
            .. Enumerable.Range(1, 40).Select(i => new FoundingMember(ChainAddress.Parse($"0x{i:x40}"), $"operator {i}", MemberRole.Operator)),
        ]);
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => ConsortiumDeployment.DeployAsync(deployer, crowd));
        Assert.Contains("With 41 founders the registry's creation code is", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("admit the others by vote", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountWithoutContractsHasNoCode()
    {
        var connection = ChainConnection.ReadOnly(anvil.Chain.RpcUrl);
        var ledger = new ConsortiumLedger(connection, new ConsortiumAddresses(
            anvil.Chain.DevAccounts[5].Address, anvil.Chain.DevAccounts[6].Address, anvil.Chain.DevAccounts[7].Address, anvil.Chain.DevAccounts[8].Address));

        Assert.Empty(await connection.GetCodeAsync(anvil.Chain.DevAccounts[5].Address));
        Assert.False(await ledger.IsDeployedAsync());
    }

    [Fact]
    public async Task DeploymentWithoutAChainIdReadsItFromTheNode()
    {
        var connection = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[2].PrivateKey);

        var addresses = await ConsortiumDeployment.DeployAsync(connection, ConsortiumSetup.WithCoordinator(anvil.Chain.DevAccounts[2].Address));

        Assert.Equal(anvil.Chain.ChainId, await connection.GetChainIdAsync());
        Assert.Equal(anvil.Chain.DevAccounts[2].Address, await new ConsortiumLedger(connection, addresses).Rounds.GetCoordinatorAsync());
    }

    [Fact]
    public async Task ReadOnlyConnectionRefusesToSendTransactions()
    {
        var coordinator = await anvil.DeployAsync();
        var auditor = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), coordinator.Addresses);

        Assert.Null(auditor.Account);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => auditor.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2)));
    }

    [Fact]
    public async Task TheRegistryRefusesEveryInvalidSetupWithItsError()
    {
        var deployer = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options);
        var (a, b) = (anvil.Chain.DevAccounts[3].Address, anvil.Chain.DevAccounts[4].Address);
        var valid = RegistryDeployment((a, "A", MemberRole.Coordinator), (b, "B", MemberRole.Operator));

        async Task<string> RefusalAsync(Action<MemberRegistryDeployment> change)
        {
            var deployment = RegistryDeployment((a, "A", MemberRole.Coordinator), (b, "B", MemberRole.Operator));
            change(deployment);
            return (await Assert.ThrowsAsync<LedgerRevertedException>(() => deployer.DeployAsync(deployment, CancellationToken.None))).Signature;
        }

        Assert.Equal("MemberRegistry_InvalidThreshold(0)", await RefusalAsync(d => d.AdmissionThresholdBps = 0));
        Assert.Equal("MemberRegistry_InvalidThreshold(10001)", await RefusalAsync(d => d.AdmissionThresholdBps = 10_001));
        Assert.Equal("MemberRegistry_InvalidFounders(0, 0, 0)", await RefusalAsync(d => (d.Founders, d.Names, d.Roles) = ([], [], [])));
        Assert.Equal("MemberRegistry_InvalidFounders(2, 1, 2)", await RefusalAsync(d => d.Names = ["A"]));
        Assert.Equal("MemberRegistry_InvalidFounders(2, 2, 2)", await RefusalAsync(d => d.Roles = [(int)MemberRole.Operator, (int)MemberRole.Operator]));
        Assert.Equal("MemberRegistry_InvalidFounders(2, 2, 2)", await RefusalAsync(d => d.Roles = [(int)MemberRole.Coordinator, (int)MemberRole.Coordinator]));
        Assert.Equal("MemberRegistry_ZeroAddress()", await RefusalAsync(d => d.Founders = [a.ToString(), ChainAddress.Zero.ToString()]));
        Assert.Equal("MemberRegistry_ZeroAddress()", await RefusalAsync(d => (d.Treasury, d.TreasuryAllocation) = (ChainAddress.Zero.ToString(), 1)));
        Assert.Equal("MemberRegistry_EmptyName()", await RefusalAsync(d => d.Names = ["A", string.Empty]));
        Assert.Equal("MemberRegistry_InvalidRole(0)", await RefusalAsync(d => d.Roles = [(int)MemberRole.Coordinator, (int)MemberRole.None]));
        Assert.Equal($"MemberRegistry_AlreadyMember({a})", await RefusalAsync(d => d.Founders = [a.ToString(), a.ToString()]));
        Assert.Equal("RoundLedger_InvalidSlashRates(10001, 0)", await RefusalAsync(d => (d.RoundRules.MaliciousSlashBps, d.RoundRules.NonDeliverySlashBps) = (10_001, 0)));
        Assert.Equal("RoundLedger_InvalidSlashRates(100, 200)", await RefusalAsync(d => (d.RoundRules.MaliciousSlashBps, d.RoundRules.NonDeliverySlashBps) = (100, 200)));
        Assert.Equal("RoundLedger_InvalidChallengeWindow(0)", await RefusalAsync(d => d.RoundRules.ChallengeWindow = 0));
        Assert.Equal(
            $"SafeCastOverflowedUintDowncast(96, {BigInteger.One << 96})",
            await RefusalAsync(d => d.RoundRules.InitialRewardPool = BigInteger.One << 96));
        var (registry, _) = await deployer.DeployAsync(valid, CancellationToken.None);
        Assert.True(await new MemberRegistryClient(deployer, registry).IsMemberAsync(b));
    }

    [Fact]
    public async Task ALedgerOrATokenDeployedAloneRefusesAZeroRegistryOrMinter()
    {
        var deployer = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options);
        var zero = ChainAddress.Zero.ToString();

        var rounds = await Assert.ThrowsAsync<LedgerRevertedException>(() => deployer.DeployAsync(
            new RoundLedgerDeployment { Registry = zero, Token = zero, MinStake = 1, MaliciousSlashBps = 5_000, NonDeliverySlashBps = 1_000, ChallengeWindow = 60 },
            CancellationToken.None));
        var dispatch = await Assert.ThrowsAsync<LedgerRevertedException>(() => deployer.DeployAsync(
            new DispatchLedgerDeployment { Registry = zero }, CancellationToken.None));
        var token = await Assert.ThrowsAsync<LedgerRevertedException>(() => deployer.DeployAsync(
            new RewardTokenDeployment { Minter = zero }, CancellationToken.None));

        Assert.Equal("CoordinatedLedger_ZeroRegistry", rounds.ErrorName);
        Assert.Equal("CoordinatedLedger_ZeroRegistry", dispatch.ErrorName);
        Assert.Equal("RewardToken_ZeroMinter", token.ErrorName);
    }

    private static MemberRegistryDeployment RegistryDeployment(params (ChainAddress Account, string Name, MemberRole Role)[] founders) => new()
    {
        Founders = [.. founders.Select(f => f.Account.ToString())],
        Names = [.. founders.Select(f => f.Name)],
        Roles = [.. founders.Select(f => new BigInteger((int)f.Role))],
        MinStake = TokenAmount.FromTokens(100m),
        AdmissionThresholdBps = 5_001,
        ExitNoticePeriod = 60,
        Treasury = ChainAddress.Zero.ToString(),
        TreasuryAllocation = 0,
        RoundRules = new RoundRulesData { MaliciousSlashBps = 5_000, NonDeliverySlashBps = 1_000, ChallengeWindow = 60, InitialRewardPool = TokenAmount.FromTokens(100m) },
    };
}
