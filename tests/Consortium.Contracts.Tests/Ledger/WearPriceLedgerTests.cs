using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.GridRequests;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Wear prices reach the dispatch ledger only from a finalized battery-health round, carry that round's model hash as
/// the round ledger holds it, only move forward, and each dispatch event records the round of the prices in force.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class WearPriceLedgerTests(AnvilFixture anvil)
{
    private static readonly Hash32 Assumptions = Keccak.Hash("pack 120 per kWh, end of life at 80 %"u8);

    private static readonly WearPrice[] Prices =
    [
        new("NCM", BigInteger.Parse("45000000000000000")),
        new("LFP", BigInteger.Parse("21000000000000000")),
        new("NCA", BigInteger.Parse("52000000000000000")),
    ];

    [Fact]
    public async Task PricesFromAFinalizedBatteryRoundAreInForceWithItsModelAndEventsRecordTheirRound()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var before = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("before prices"u8), InAnHour, InTwoHours);
        var battery = await RunRoundAsync(coordinator, members, task: FederatedTask.BatteryHealth);

        Assert.False((await coordinator.Dispatch.GetWearPricesAsync()).IsPublished);
        await coordinator.Dispatch.PublishWearPricesAsync(battery.RoundId, Prices, Assumptions);
        var after = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("after prices"u8), InAnHour, InTwoHours);

        var inForce = await coordinator.Dispatch.GetWearPricesAsync();
        Assert.Equal((battery.RoundId, NewModel, Assumptions), (inForce.RoundId, inForce.ModelHash, inForce.AssumptionsHash));
        Assert.Equal(["LFP", "NCA", "NCM"], inForce.Prices.Select(p => p.Chemistry));
        Assert.Equal(BigInteger.Parse("21000000000000000"), inForce.Find("LFP")!.WeiPerKwh);
        var published = Assert.Single(await coordinator.Dispatch.GetWearPricesPublishedEventsAsync(battery.RoundId));
        Assert.Equal(inForce.Prices, published.Prices);
        Assert.Equal(NewModel, published.ModelHash);
        Assert.Equal(0UL, (await coordinator.Dispatch.GetDispatchAsync(before.EventId)).WearRound);
        Assert.Equal(battery.RoundId, (await coordinator.Dispatch.GetDispatchAsync(after.EventId)).WearRound);
    }

    [Fact]
    public async Task PricesFromAnotherTasksRoundAnOpenRoundOrAnOlderRoundAreRefused()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var forecast = await RunRoundAsync(coordinator, members);
        var open = await OpenAsync(coordinator, FederatedTask.BatteryHealth);

        var notBattery = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(forecast.RoundId, Prices, Assumptions));
        var notFinalized = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(open.RoundId, Prices, Assumptions));
        var unknown = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(open.RoundId + 10, Prices, Assumptions));
        Assert.Equal($"DispatchLedger_NotBatteryRound({forecast.RoundId}, 1)", notBattery.Signature);
        Assert.Equal($"DispatchLedger_RoundNotFinalized({open.RoundId})", notFinalized.Signature);
        Assert.Equal($"CoordinatedLedger_UnknownEntry({open.RoundId + 10})", unknown.Signature);

        var first = await RunRoundAsync(coordinator, members, task: FederatedTask.BatteryHealth);
        var second = await RunRoundAsync(coordinator, members, task: FederatedTask.BatteryHealth);
        await coordinator.Dispatch.PublishWearPricesAsync(second.RoundId, Prices, Assumptions);
        var older = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(first.RoundId, Prices, Assumptions));
        var same = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(second.RoundId, Prices, Assumptions));
        Assert.Equal($"DispatchLedger_StaleWearRound({first.RoundId}, {second.RoundId})", older.Signature);
        Assert.Equal($"DispatchLedger_StaleWearRound({second.RoundId}, {second.RoundId})", same.Signature);
    }

    [Fact]
    public async Task OnlyTheCoordinatorPublishesAndOnlyAnOrderedListOfOneToSixteenChemistries()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var battery = await RunRoundAsync(coordinator, members, task: FederatedTask.BatteryHealth);

        var byMember = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Dispatch.PublishWearPricesAsync(battery.RoundId, Prices, Assumptions));
        var none = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(battery.RoundId, [], Assumptions));
        var many = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.PublishWearPricesAsync(
            battery.RoundId, [.. Enumerable.Range(0, 17).Select(i => new WearPrice($"C{i:D2}", 1))], Assumptions));
        var twice = await Assert.ThrowsAsync<ArgumentException>(() => coordinator.Dispatch.PublishWearPricesAsync(
            battery.RoundId, [new WearPrice("LFP", 1), new WearPrice("LFP", 2)], Assumptions));
        var label = await Assert.ThrowsAsync<ArgumentException>(() => coordinator.Dispatch.PublishWearPricesAsync(
            battery.RoundId, [new WearPrice("lithium iron phosphate", 1)], Assumptions));
        Assert.Equal($"CoordinatedLedger_NotCoordinator({members[0].Account})", byMember.Signature);
        Assert.Equal("DispatchLedger_InvalidWearPrices(0, 0)", none.Signature);
        Assert.Equal("DispatchLedger_InvalidWearPrices(17, 17)", many.Signature);
        Assert.Contains("LFP is priced twice", twice.Message);
        Assert.Contains("lithium iron phosphate", label.Message);
        Assert.False((await coordinator.Dispatch.GetWearPricesAsync()).IsPublished);
    }

    [Fact]
    public async Task TheLedgerItselfRefusesChemistriesOutOfOrderOrRepeated()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var battery = await RunRoundAsync(coordinator, members, task: FederatedTask.BatteryHealth);

        // The client sorts and checks before sending; these go out as they are.
        var unordered = await Assert.ThrowsAsync<LedgerRevertedException>(() => SendAsIsAsync(coordinator, battery.RoundId, ["NCM", "LFP"]));
        var repeated = await Assert.ThrowsAsync<LedgerRevertedException>(() => SendAsIsAsync(coordinator, battery.RoundId, ["LFP", "LFP"]));
        Assert.Equal("DispatchLedger_UnorderedChemistry(1)", unordered.Signature);
        Assert.Equal("DispatchLedger_UnorderedChemistry(1)", repeated.Signature);
    }

    private static Task SendAsIsAsync(ConsortiumLedger ledger, ulong roundId, string[] chemistries) =>
        ledger.Connection.SendAsync(ledger.Addresses.Dispatch, new PublishWearPricesFunction
        {
            RoundId = roundId,
            Chemistries = [.. chemistries.Select(WearPrice.LabelBytes)],
            WeiPerKwh = [.. chemistries.Select(_ => BigInteger.One)],
            AssumptionsHash = Assumptions.ToArray(),
        }, CancellationToken.None);
}
