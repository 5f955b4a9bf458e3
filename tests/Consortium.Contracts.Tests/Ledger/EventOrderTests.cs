using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Ledger;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Checks-effects-interactions as the receipts show it: each contract emits its event right after its own state change and
/// before it calls another contract (a token mint, transfer or burn, or the registry's slash).
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class EventOrderTests(AnvilFixture anvil)
{
    private static readonly IReadOnlyDictionary<string, string> EventNames = typeof(ContractArtifact).Assembly.GetTypes()
        .Where(type => type.Namespace == typeof(ContractArtifact).Namespace && type.GetCustomAttributes(typeof(EventAttribute), false).Length > 0)
        .Select(ABITypedRegistry.GetEvent)
        .ToDictionary(e => "0x" + e.Sha3Signature.ToLowerInvariant().Replace("0x", string.Empty, StringComparison.Ordinal), e => e.Name);

    [Fact]
    public async Task AnApplicationIsAnnouncedBeforeItsStakeIsPulled()
    {
        var coordinator = await anvil.DeployAsync(setup => setup with { TreasuryAllocation = TokenAmount.FromTokens(1_000m) });
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        await coordinator.Token.TransferAsync(AddressOf(applicant), await coordinator.Registry.GetMinStakeAsync());

        var application = await applicant.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);

        Assert.Equal(["MembershipApplied", "Transfer"], await LogNamesAsync(coordinator, application.Transaction));
    }

    [Fact]
    public async Task AnExecutedAdmissionIsAnnouncedBeforeTheNewMemberIsRegistered()
    {
        var coordinator = await anvil.DeployAsync(setup => setup with { TreasuryAllocation = TokenAmount.FromTokens(1_000m) });
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        await coordinator.Token.TransferAsync(AddressOf(applicant), await coordinator.Registry.GetMinStakeAsync());
        var application = await applicant.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);

        var vote = await coordinator.Registry.VoteAsync(application.ProposalId);

        Assert.Equal(["ProposalApproved", "ProposalExecuted", "MemberRegistered"], await LogNamesAsync(coordinator, vote));
    }

    [Fact]
    public async Task AClaimIsAnnouncedBeforeItsTokensMove()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var table = await RunRoundAsync(coordinator, members);

        var claim = await members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0]));

        Assert.Equal(["RewardClaimed", "Transfer"], await LogNamesAsync(coordinator, claim));
    }

    [Fact]
    public async Task EnforcementAnnouncesItsTotalBeforeTheRegistrySlashes()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await Task.WhenAll(members.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));
        var exclusions = members.Select(m => new MemberExclusion(AddressOf(m), ExclusionReason.NotDelivered)).ToArray();
        await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], exclusions), GlobalModel);
        var stake = await coordinator.Registry.GetMinStakeAsync();

        var enforcement = await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions);

        Assert.Equal(["ExclusionsEnforced", "MemberSlashed", "Transfer", "MemberSlashed", "Transfer"], await LogNamesAsync(coordinator, enforcement));
        var slashes = await coordinator.Registry.GetMemberSlashedEventsAsync();
        Assert.Equal([stake / 10, stake / 10], slashes.Select(s => s.Amount));
    }

    [Fact]
    public async Task SettlementRecordsAndAnnouncesEveryOperatorBeforeMintingOrSlashing()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var stake = await coordinator.Registry.GetMinStakeAsync();
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("request"u8), InAnHour, InTwoHours);
        foreach (var op in operators)
        {
            await op.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("allocation"u8));
            await op.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered"u8));
        }

        var sorted = operators.Select(AddressOf).Order(RoundScoreTable.AddressOrder.Instance).ToArray();
        var (rewarded, penalised) = (sorted[0], sorted[1]);

        // A penalty beyond the stake takes the whole stake, and the events say so before the registry takes it.
        var settlement = await coordinator.Dispatch.SettleDispatchAsync(opening.EventId,
        [
            new DispatchSettlement(rewarded, TokenAmount.FromTokens(3m)),
            new DispatchSettlement(penalised, -10 * stake),
        ]);

        Assert.Equal(
            ["DeliverySettled", "DeliverySettled", "DispatchSettled", "Transfer", "MemberSlashed", "Transfer"],
            await LogNamesAsync(coordinator, settlement));
        var settled = await coordinator.Dispatch.GetDeliverySettledEventsAsync(opening.EventId);
        Assert.Equal(stake, settled.Single(e => e.Operator == penalised).Taken);
        Assert.Equal(stake, Assert.Single(await coordinator.Registry.GetMemberSlashedEventsAsync(penalised)).Amount);
        Assert.Equal(BigInteger.Zero, (await coordinator.Registry.GetMemberAsync(penalised)).Stake);
        Assert.Equal(stake, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).TotalPenalties);
    }

    private static async Task<string[]> LogNamesAsync(ConsortiumLedger ledger, LedgerTransaction transaction)
    {
        var receipt = await ledger.Connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction.TxHash.ToString());
        return receipt.Logs.Select(log => EventNames.GetValueOrDefault(log.Topics[0].ToString()!.ToLowerInvariant(), "?")).ToArray();
    }
}
