using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Every narrowing cast in the contracts goes through OpenZeppelin's SafeCast: a value that does not fit the field it is
/// stored in reverts the transaction instead of being truncated (which used to corrupt stakes and settlement totals).
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class NarrowingCastTests(AnvilFixture anvil)
{
    private static readonly BigInteger TwoTo127 = BigInteger.Pow(2, 127);
    private static readonly BigInteger TwoTo128 = BigInteger.Pow(2, 128);
    private static readonly BigInteger Int128Max = TwoTo127 - 1;

    [Fact]
    public async Task AStakeTopUpBeyond128BitsRevertsInsteadOfTruncating()
    {
        // The coordinator is its own treasury here, holding enough tokens to top up by 2^128.
        var coordinator = await anvil.DeployAsync(setup => setup with { TreasuryAllocation = 2 * TwoTo128 });
        var self = AddressOf(coordinator);
        var stake = (await coordinator.Registry.GetMemberAsync(self)).Stake;
        var totalStaked = await coordinator.Registry.GetTotalStakedAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.TopUpStakeAsync(TwoTo128));

        Assert.Equal($"SafeCastOverflowedUintDowncast(128, {TwoTo128})", revert.Signature);
        Assert.Equal(stake, (await coordinator.Registry.GetMemberAsync(self)).Stake);
        Assert.Equal(totalStaked, await coordinator.Registry.GetTotalStakedAsync());
        Assert.Equal(2 * TwoTo128, await coordinator.Token.BalanceOfAsync(self));
    }

    [Fact]
    public async Task AFoundingStakeBeyond128BitsIsRefusedAtDeployment()
    {
        var deployer = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => ConsortiumDeployment.DeployAsync(
            deployer, ConsortiumSetup.WithCoordinator(anvil.Deployer.Address) with { MinStake = TwoTo128 }));

        Assert.Equal($"SafeCastOverflowedUintDowncast(128, {TwoTo128})", revert.Signature);
    }

    [Fact]
    public async Task ASettlementWhoseTotalRewardsExceed128BitsRevertsInsteadOfTruncating()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(3);
        // A grid party's price high enough that each amount is within the terms: only the total overflows.
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("request"u8), InAnHour, InTwoHours, rewardWeiPerKwh: TwoTo127);
        foreach (var op in operators)
        {
            await op.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("allocation"u8));
            await op.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered"u8));
        }

        var supply = await coordinator.Token.TotalSupplyAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, operators.Select(op => new DispatchSettlement(AddressOf(op), Int128Max)).ToArray()));

        Assert.Equal($"SafeCastOverflowedUintDowncast(128, {3 * Int128Max})", revert.Signature);
        Assert.Equal(DispatchStatus.Open, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).Status);
        Assert.Equal(supply, await coordinator.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task ASettlementAmountBeyond128BitsIsRefused()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("request"u8), InAnHour, InTwoHours);
        await operators[0].Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("allocation"u8));

        var reward = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(operators[0]), TwoTo127)]));
        var penalty = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(operators[0]), -TwoTo127 - 1)]));

        Assert.Equal($"SafeCastOverflowedIntDowncast(128, {TwoTo127})", reward.Signature);
        Assert.Equal($"SafeCastOverflowedIntDowncast(128, {-TwoTo127 - 1})", penalty.Signature);
    }

    [Fact]
    public async Task APoolBeyondItsStoredWidthIsRefusedAtFinalizationAsAboveTheRoundsCap()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(members[0], opening.RoundId));
        var rounds = RoundsClient(coordinator);

        var pool = BigInteger.Pow(2, 96);

        // The round keeps its pool in 96 bits; the cap it is checked against is itself a 96-bit governance value
        // (proposals and the deployment refuse wider ones through SafeCast), so a wider pool is refused as above the cap.
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => rounds.FinalizeRoundAsync(
            opening.RoundId, NewModel, Keccak.Hash("root"u8), Keccak.Hash("table"u8), pool, 1, [], CancellationToken.None));

        Assert.Equal($"RoundLedger_RewardPoolAboveCap({opening.RoundId}, {pool}, {TokenAmount.FromTokens(100m)})", revert.Signature);
        Assert.Equal(RoundStatus.Open, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).Status);
    }

    [Fact]
    public async Task AScoreBeyond128BitsIsRefusedWhenClaimed()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var member = AddressOf(members[0]);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(members[0], opening.RoundId));

        // A one-leaf tree whose root is the leaf itself, committing to a score no reputation can hold.
        var leaf = Keccak.Hash(new AbiWords().Uint(opening.RoundId).Address(member).Int(TwoTo127).Uint(5).ToArray());
        var rounds = RoundsClient(coordinator);
        await rounds.FinalizeRoundAsync(opening.RoundId, NewModel, leaf, Keccak.Hash("table"u8), 5, 1, [], CancellationToken.None);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Connection.SendAsync(
            coordinator.Addresses.Rounds,
            new ClaimRewardFunction { RoundId = opening.RoundId, Member = member.ToString(), Score = TwoTo127, Reward = 5, Proof = [] },
            CancellationToken.None));

        Assert.Equal($"SafeCastOverflowedIntDowncast(128, {TwoTo127})", revert.Signature);
        Assert.False((await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, member)).Claimed);
        Assert.Equal(0, (await coordinator.Registry.GetReputationAsync(member)).RoundsContributed);
    }
}
