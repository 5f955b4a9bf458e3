using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Network.Dispatch;
using Consortium.Network.Protos;
using Consortium.Node.Tests.DispatchEvents;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

using DispatchDecline = Consortium.Network.Dispatch.DispatchDecline;
using WireDecline = Consortium.Network.Protos.DispatchDecline;
using WireBand = Consortium.Network.Protos.FlexibilityBand;
using Consortium.Dispatch.Exact;

namespace Consortium.Node.Tests.Network;

/// <summary>
/// Malformed and out-of-turn dispatch messages sent over real gRPC to an operator node on loopback (backed by a real
/// anvil) are refused with a status that says what was wrong, and the node keeps serving; replies that do not add up are
/// refused by the coordinator's client.
/// </summary>
public sealed class HostileDispatchTests(DispatchChain chain) : IClassFixture<DispatchChain>
{
    private const int Steps = FleetGenerator.DaySteps;

    [Fact]
    public async Task MalformedAndOutOfTurnMessagesAreRefusedWithAClearStatus()
    {
        var fleet = FleetGenerator.Generate(40, 5);
        await using var served = await chain.ServeAsync(0, fleet, 5);
        using var channel = GrpcChannel.ForAddress(served.Endpoint);
        var raw = new DispatchParticipant.DispatchParticipantClient(channel);
        var target = Enumerable.Repeat(50.0, Steps).ToArray();
        var (eventId, requestHash) = await chain.OpenAsync(target);

        // Survey.
        await Refused(StatusCode.InvalidArgument, "horizon_steps", () => raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = 0, StepMinutes = 15 }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "horizon_steps", () => raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = 1_000_000, StepMinutes = 15 }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "step_minutes", () => raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = Steps, StepMinutes = double.NaN }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "15-minute", () => raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = Steps, StepMinutes = 5 }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "cut their stays short", () => raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = 10, StepMinutes = 15 }).ResponseAsync);

        // Join.
        await Refused(StatusCode.InvalidArgument, "event_id", () => raw.JoinAsync(Join(0, requestHash.ToArray())).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "32 bytes", () => raw.JoinAsync(Join(eventId, new byte[31])).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "all zero", () => raw.JoinAsync(Join(eventId, new byte[32])).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "deviation_penalty_per_kwh", () => raw.JoinAsync(Join(eventId, requestHash.ToArray(), deviation: 0)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "wear_cost_per_kwh", () => raw.JoinAsync(Join(eventId, requestHash.ToArray(), wear: double.NaN)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "shortfall_penalty_per_kwh", () => raw.JoinAsync(Join(eventId, requestHash.ToArray(), shortfall: -1)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "not on the ledger", () => raw.JoinAsync(Join(eventId + 1000, requestHash.ToArray())).ResponseAsync);
        var otherRequest = requestHash.ToArray();
        otherRequest[0] ^= 1;
        await Refused(StatusCode.FailedPrecondition, "opened on chain for request", () => raw.JoinAsync(Join(eventId, otherRequest)).ResponseAsync);

        // The request travels in full; an operator refuses one the coordinator left out or altered, naming the field.
        var hash = requestHash.ToArray();
        await Refused(StatusCode.FailedPrecondition, "request field (document)", () => raw.JoinAsync(Join(eventId, hash, document: string.Empty)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "the coordinator altered targetKw", () => raw.JoinAsync(Join(eventId, hash, document: Altered(requestHash, "targetKw", t =>
        {
            t[40] = t[40]!.GetValue<double>() + 25;
            return t;
        }))).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "the coordinator altered rewardWeiPerKwh", () => raw.JoinAsync(Join(eventId, hash, document: Altered(requestHash, "rewardWeiPerKwh", _ => "5000000000000000"))).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "the coordinator altered toleranceBps", () => raw.JoinAsync(Join(eventId, hash, document: Altered(requestHash, "toleranceBps", _ => 2500))).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "request field signature", () => raw.JoinAsync(Join(eventId, hash, document: Altered(requestHash, "signature", s =>
        {
            var text = s.GetValue<string>();
            return text[..^4] + (text[^4] == 'a' ? 'b' : 'a') + text[^3..];
        }))).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "request field deviationPenaltyPerKwh", () => raw.JoinAsync(Join(eventId, hash, deviation: 0.3)).ResponseAsync);

        // Calls for an event this node never joined.
        await Refused(StatusCode.FailedPrecondition, "not joined", () => raw.ProposeAsync(Propose(eventId, Steps, 1)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "committed no allocation", () => raw.DeliverAsync(new DispatchDeliverRequest { EventId = eventId }).ResponseAsync);

        await raw.JoinAsync(Join(eventId, requestHash.ToArray()));

        // Propose after joining.
        await Refused(StatusCode.InvalidArgument, "96 steps", () => raw.ProposeAsync(Propose(eventId, Steps - 1, 1)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "signal_kw must hold", () => raw.ProposeAsync(Propose(eventId, 0, 1)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "signal_kw must hold", () => raw.ProposeAsync(Propose(eventId, 100_000, 1)).ResponseAsync);
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300 })
        {
            var request = Propose(eventId, Steps, 1);
            request.SignalKw[3] = bad;
            await Refused(StatusCode.InvalidArgument, "signal_kw[3]", () => raw.ProposeAsync(request).ResponseAsync);
        }

        foreach (var rho in new[] { 0, -1, double.NaN, double.PositiveInfinity })
        {
            await Refused(StatusCode.InvalidArgument, "rho", () => raw.ProposeAsync(Propose(eventId, Steps, rho)).ResponseAsync);
        }

        var zeroIteration = Propose(eventId, Steps, 1);
        zeroIteration.Iteration = 0;
        await Refused(StatusCode.InvalidArgument, "iteration", () => raw.ProposeAsync(zeroIteration).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "no clearing was completed", () => raw.CommitAsync(new DispatchCommitRequest { EventId = eventId }).ResponseAsync);

        // The clearing: every step offered, then committed, in order.
        await Refused(StatusCode.FailedPrecondition, "no clearing was begun", () => raw.OfferAsync(Offer(eventId, 0)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "event_id", () => raw.BeginClearingAsync(new DispatchBeginClearingRequest()).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "not joined", () => raw.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId + 1000 }).ResponseAsync);
        await raw.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId });
        await Refused(StatusCode.FailedPrecondition, "not offered yet", () => raw.CommitStepAsync(CommitStep(eventId, 0, 10)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "out of order", () => raw.OfferAsync(Offer(eventId, 1)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "outside the event's 96 steps", () => raw.OfferAsync(Offer(eventId, Steps)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "step must lie between", () => raw.OfferAsync(Offer(eventId, 100_000)).ResponseAsync);
        var first = await raw.OfferAsync(Offer(eventId, 0));
        Assert.Equal(Steps + 2, first.NeedByUrgencyKw.Count);
        Assert.Equal(Steps + 1, first.ExportBySlackKw.Count);
        await Refused(StatusCode.FailedPrecondition, "awaits its commit", () => raw.OfferAsync(Offer(eventId, 0)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "out of order", () => raw.CommitStepAsync(CommitStep(eventId, 1, 10)).ResponseAsync);
        foreach (var power in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 2e6, -2e6 })
        {
            await Refused(StatusCode.InvalidArgument, "power_kw", () => raw.CommitStepAsync(CommitStep(eventId, 0, power)).ResponseAsync);
        }

        foreach (var allowance in new[] { -1, double.NaN, double.PositiveInfinity })
        {
            await Refused(StatusCode.InvalidArgument, "extra_charge_kw", () => raw.CommitStepAsync(CommitStep(eventId, 0, 10, allowance)).ResponseAsync);
        }

        // None of that moved the clearing: step 0 still awaits its commit.
        await raw.CommitStepAsync(CommitStep(eventId, 0, 10));
        await Refused(StatusCode.FailedPrecondition, "out of order", () => raw.OfferAsync(Offer(eventId, 0)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "at step 1 of 96", () => raw.ReportAsync(new DispatchReportRequest { EventId = eventId }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "at step 1 of 96", () => raw.CommitAsync(new DispatchCommitRequest { EventId = eventId }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "at step 1 of 96", () => raw.RefineAsync(Refine(eventId, Steps, 0, 0.25)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "at step 1 of 96", () => raw.CheckpointAsync(new DispatchCheckpointRequest { EventId = eventId }).ResponseAsync);

        // A clearing abandoned between an offer and its commit can be begun again.
        await raw.OfferAsync(Offer(eventId, 1));
        await raw.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId });

        // The node is still serving, and well-formed calls still work.
        var proposed = await raw.ProposeAsync(Propose(eventId, Steps, 1));
        Assert.Equal(Steps, proposed.AggregateKw.Count);
        var realized = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            await raw.OfferAsync(Offer(eventId, t));
            realized[t] = (await raw.CommitStepAsync(CommitStep(eventId, t, target[t]))).RealizedKw;
        }

        await Refused(StatusCode.FailedPrecondition, "clearing is complete", () => raw.OfferAsync(Offer(eventId, 0)).ResponseAsync);
        var report = await raw.ReportAsync(new DispatchReportRequest { EventId = eventId });
        Assert.Equal(Steps, report.RealizedKw.Count);
        for (var t = 0; t < Steps; t++)
        {
            Assert.Equal(realized[t], report.RealizedKw[t], 1e-3);
        }

        // A re-plan after the clearing: malformed ones refused, a well-formed one answered with one value per step.
        await Refused(StatusCode.InvalidArgument, "need has 95 values", () => raw.RefineAsync(Refine(eventId, Steps - 1, 0, 0.25)).ResponseAsync);
        foreach (var slope in new[] { -1, double.NaN, double.PositiveInfinity })
        {
            await Refused(StatusCode.InvalidArgument, "slopes[1]", () => raw.RefineAsync(Refine(eventId, Steps, 1, 0.1, slope)).ResponseAsync);
        }

        await Refused(StatusCode.InvalidArgument, "slopes[1]", () => raw.RefineAsync(Refine(eventId, Steps, 1, 0.2, 0.1)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "slopes has 0 values", () => raw.RefineAsync(Refine(eventId, Steps, 1)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "slopes has 65 values", () => raw.RefineAsync(Refine(eventId, Steps, 1, Enumerable.Repeat(0.1, 65).ToArray())).ResponseAsync);
        foreach (var segment in new[] { 0, -1, double.NaN })
        {
            await Refused(StatusCode.InvalidArgument, "segment_kw", () => raw.RefineAsync(Refine(eventId, Steps, segment, 0.1, 0.2)).ResponseAsync);
        }

        var nanNeed = Refine(eventId, Steps, 0, 0.25);
        nanNeed.NeedKw[3] = double.NaN;
        await Refused(StatusCode.InvalidArgument, "need_kw[3]", () => raw.RefineAsync(nanNeed).ResponseAsync);
        var shortPrices = Refine(eventId, Steps, 1, 0.1, 0.2);
        shortPrices.PricesKw.AddRange(new double[Steps - 1]);
        await Refused(StatusCode.InvalidArgument, "prices_kw has 95 values", () => raw.RefineAsync(shortPrices).ResponseAsync);
        foreach (var price in new[] { double.NaN, double.NegativeInfinity, 1e12 })
        {
            var badPrice = Refine(eventId, Steps, 1, 0.1, 0.2);
            badPrice.PricesKw.AddRange(new double[Steps]);
            badPrice.PricesKw[7] = price;
            await Refused(StatusCode.InvalidArgument, "prices_kw[7]", () => raw.RefineAsync(badPrice).ResponseAsync);
        }

        foreach (var growth in new[] { 0.5, 5, double.NaN })
        {
            var badGrowth = Refine(eventId, Steps, 1, 0.1, 0.2);
            badGrowth.Growth = growth;
            await Refused(StatusCode.InvalidArgument, "growth", () => raw.RefineAsync(badGrowth).ResponseAsync);
        }

        var refined = await raw.RefineAsync(Refine(eventId, Steps, 0, 0.25));
        Assert.Equal(Steps, refined.AggregateKw.Count);
        var priced = Refine(eventId, Steps, 1, 0.01, 0.02);
        priced.PricesKw.AddRange(Enumerable.Repeat(0.05, Steps));
        priced.Growth = 1.5;
        Assert.Equal(Steps, (await raw.RefineAsync(priced)).AggregateKw.Count);

        await raw.CommitAsync(new DispatchCommitRequest { EventId = eventId });
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.RefineAsync(Refine(eventId, Steps, 0, 0.25)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.CheckpointAsync(new DispatchCheckpointRequest { EventId = eventId, Restore = true }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.ProposeAsync(Propose(eventId, Steps, 1)).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.OfferAsync(Offer(eventId, 0)).ResponseAsync);
        var survey = await raw.SurveyAsync(new DispatchSurveyRequest { HorizonSteps = Steps, StepMinutes = 15 });
        Assert.Equal(Steps, survey.UncontrolledKw.Count);
    }

    [Fact]
    public async Task PricesAndMixesThatAreNotPricesOrMixesAreRefusedAndTheFleetKeepsItsLimits()
    {
        var fleet = FleetGenerator.Generate(40, 6);
        await using var served = await chain.ServeAsync(0, fleet, 6);
        using var channel = GrpcChannel.ForAddress(served.Endpoint);
        var raw = new DispatchParticipant.DispatchParticipantClient(channel);
        var target = Enumerable.Repeat(40.0, Steps).ToArray();
        var (eventId, requestHash) = await chain.OpenAsync(target);
        await raw.JoinAsync(Join(eventId, requestHash.ToArray()));

        // Pricing comes after a complete clearing.
        await Refused(StatusCode.FailedPrecondition, "no clearing was completed", () => raw.BeginPricingAsync(new DispatchBeginPricingRequest { EventId = eventId, ArrivalGroups = 4 }).ResponseAsync);
        await raw.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId });
        for (var t = 0; t < Steps; t++)
        {
            await raw.OfferAsync(Offer(eventId, t));
            await raw.CommitStepAsync(CommitStep(eventId, t, target[t]));
        }

        await Refused(StatusCode.InvalidArgument, "arrival_groups", () => raw.BeginPricingAsync(new DispatchBeginPricingRequest { EventId = eventId, ArrivalGroups = 0 }).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "Arrival bands", () => raw.BeginPricingAsync(new DispatchBeginPricingRequest { EventId = eventId, ArrivalGroups = Steps + 1 }).ResponseAsync);
        await Refused(StatusCode.FailedPrecondition, "before the pricing began", () => raw.PriceAsync(Price(eventId, Steps, 0.01)).ResponseAsync);

        var basis = await raw.BeginPricingAsync(new DispatchBeginPricingRequest { EventId = eventId, ArrivalGroups = 4 });
        Assert.False(basis.Declined);
        Assert.Equal(8, basis.IdleCost.Count);
        Assert.Equal(8 * Steps, basis.CurrentAggregateKw.Count);

        // The cleared setpoints are described as they are: per group, they add up to the fleet's aggregate.
        var cleared = await raw.ReportAsync(new DispatchReportRequest { EventId = eventId });
        for (var t = 0; t < Steps; t++)
        {
            Assert.Equal(cleared.RealizedKw[t], Enumerable.Range(0, 8).Sum(g => basis.CurrentAggregateKw[(g * Steps) + t]), 1e-3);
        }

        await Refused(StatusCode.InvalidArgument, "price_kw must hold", () => raw.PriceAsync(Price(eventId, 0, 0.01)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "price has 95 values", () => raw.PriceAsync(Price(eventId, Steps - 1, 0.01)).ResponseAsync);
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, 1e300 })
        {
            var request = Price(eventId, Steps, 0.01);
            request.PriceKw[5] = bad;
            await Refused(StatusCode.InvalidArgument, "price_kw[5]", () => raw.PriceAsync(request).ResponseAsync);
        }

        // A price that pays for charging in the evening: every group answers, and the answers keep the vehicles' limits.
        var paid = Price(eventId, Steps, 0.05);
        for (var t = 68; t < 84; t++)
        {
            paid.PriceKw[t] = -0.2;
        }

        var answer = await raw.PriceAsync(paid);
        Assert.Equal(8 * Steps, answer.GroupAggregateKw.Count);
        Assert.Equal(8, answer.GroupOwnCost.Count);

        // Mixes that are not mixes.
        await Refused(StatusCode.InvalidArgument, "mix has 0 entries", () => raw.RealizePricesAsync(Mix(eventId)).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "group 9", () => raw.RealizePricesAsync(Mix(eventId, (9, 0, 1))).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "column 1 of group 0", () => raw.RealizePricesAsync(Mix(eventId, AllGroups(1, 1))).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "mix[0]", () => raw.RealizePricesAsync(Mix(eventId, (0, -3, 1))).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "mix[0]", () => raw.RealizePricesAsync(Mix(eventId, (0, 0, double.NaN))).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "mix[0]", () => raw.RealizePricesAsync(Mix(eventId, (0, 0, 1.5))).ResponseAsync);
        await Refused(StatusCode.InvalidArgument, "sum to 0.5", () => raw.RealizePricesAsync(Mix(eventId, AllGroups(0, 0.5))).ResponseAsync);

        // Half the answer, half the cleared setpoints: the fleet's aggregate is the same mix of theirs but for charging
        // trimmed where the mix would overfill a battery (a vehicle charging in one and discharging in the other keeps
        // more energy than the average), and its report replays the realized setpoints without breaking a limit.
        var mixed = AllGroups(0, 0.5).Concat(AllGroups(PriceWeight.Current, 0.5)).ToArray();
        var realized = await raw.RealizePricesAsync(Mix(eventId, mixed));
        Assert.False(realized.Declined);
        double trimmed = 0, total = 0;
        for (var t = 0; t < Steps; t++)
        {
            var expected = Enumerable.Range(0, 8).Sum(g => (0.5 * answer.GroupAggregateKw[(g * Steps) + t]) + (0.5 * basis.CurrentAggregateKw[(g * Steps) + t]));
            Assert.True(realized.AggregateKw[t] <= expected + 1e-3, $"Step {t}: {realized.AggregateKw[t]} kW realized of a {expected} kW mix.");
            trimmed += expected - realized.AggregateKw[t];
            total += Math.Abs(expected);
        }

        Assert.InRange(trimmed, 0, 0.05 * total);

        var report = await raw.ReportAsync(new DispatchReportRequest { EventId = eventId });
        Assert.Equal(0u, report.SocFloorViolations);
        await raw.CommitAsync(new DispatchCommitRequest { EventId = eventId });
        await Refused(StatusCode.FailedPrecondition, "committed", () => raw.PriceAsync(paid).ResponseAsync);
    }

    private static DispatchPriceRequest Price(ulong eventId, int steps, double price)
    {
        var request = new DispatchPriceRequest { EventId = eventId };
        request.PriceKw.AddRange(Enumerable.Repeat(price, steps));
        return request;
    }

    private static DispatchRealizePricesRequest Mix(ulong eventId, params (int Group, int Column, double Weight)[] weights)
    {
        var request = new DispatchRealizePricesRequest { EventId = eventId };
        request.Mix.AddRange(weights.Select(w => new DispatchPriceWeight { Group = (uint)w.Group, Column = w.Column, Weight = w.Weight }));
        return request;
    }

    private static (int, int, double)[] AllGroups(int column, double weight) => [.. Enumerable.Range(0, 8).Select(g => (g, column, weight))];

    [Fact]
    public async Task RepliesThatDoNotAddUpAreRefusedByTheCoordinatorsClient()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingParticipant());
        using var client = new DispatchParticipantClient(server.Endpoint);
        var requestHash = Keccak.Hash([1]);

        var nameless = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(Steps, 15, TimeSpan.FromSeconds(10)));
        Assert.Contains("no name", nameless.Message);
        var aggregate = new double[Steps];
        var wrongLength = await Assert.ThrowsAsync<InvalidDataException>(() => client.ProposeAsync(1, 1, new double[Steps], 1, aggregate, TimeSpan.FromSeconds(10)));
        Assert.Contains("95 values", wrongLength.Message);
        var timeout = TimeSpan.FromSeconds(10);
        var shortUrgency = await Assert.ThrowsAsync<InvalidDataException>(() => client.OfferAsync(1, LyingParticipant.ShortUrgency, Steps, timeout));
        Assert.Contains("need-by-urgency array", shortUrgency.Message);
        var unordered = await Assert.ThrowsAsync<InvalidDataException>(() => client.OfferAsync(1, LyingParticipant.BaseAboveHigh, Steps, timeout));
        Assert.Contains("not in that order", unordered.Message);
        var nanUrgency = await Assert.ThrowsAsync<InvalidDataException>(() => client.OfferAsync(1, LyingParticipant.NanUrgency, Steps, timeout));
        Assert.Contains("NaN", nanUrgency.Message);
        var negativeExport = await Assert.ThrowsAsync<InvalidDataException>(() => client.OfferAsync(1, LyingParticipant.NegativeExport, Steps, timeout));
        Assert.Contains("none may be negative", negativeExport.Message);
        var needBeyondRoom = await Assert.ThrowsAsync<InvalidDataException>(() => client.OfferAsync(1, LyingParticipant.NeedBeyondRoom, Steps, timeout));
        Assert.Contains("high - base", needBeyondRoom.Message);
        var infinite = await Assert.ThrowsAsync<InvalidDataException>(() => client.CommitStepAsync(1, 0, 10, 0, timeout));
        Assert.Contains("realized power at step 0", infinite.Message);
        var negativeCost = await Assert.ThrowsAsync<InvalidDataException>(() => client.RefineAsync(1, new double[Steps], 0, [0.25], 1, null, timeout));
        Assert.Contains("own cost of -1", negativeCost.Message);
        var longCheckpoint = await Assert.ThrowsAsync<InvalidDataException>(() => client.CheckpointAsync(1, false, Steps, timeout));
        Assert.Contains("checkpoint", longCheckpoint.Message);
        var notFinite = await Assert.ThrowsAsync<InvalidDataException>(() => client.ReportAsync(1, Steps, timeout));
        Assert.Contains("NaN", notFinite.Message);
        var negativeWear = await Assert.ThrowsAsync<InvalidDataException>(() => client.ReportAsync(2, Steps, timeout));
        Assert.Contains("12 kWh discharged at a wear cost of -0.5", negativeWear.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => client.CommitAsync(1, TimeSpan.FromSeconds(10)));
        var forged = await Assert.ThrowsAsync<InvalidDataException>(() => client.DeliverAsync(1, requestHash, Steps, TimeSpan.FromSeconds(10)));
        Assert.Contains("claimed", forged.Message);
    }

    [Fact]
    public async Task WireValuesThatAreNotAddressesOrHashesAreRefused()
    {
        await using var server = await LoopbackMemberServer.StartServiceAsync<GarbledParticipant>();
        using var client = new DispatchParticipantClient(server.Endpoint);

        var address = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(Steps, 15, TimeSpan.FromSeconds(10)));
        Assert.Contains("not a 0x-prefixed 20-byte address", address.Message);
        var txHash = await Assert.ThrowsAsync<InvalidDataException>(() => client.CommitAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains("commit transaction hash", txHash.Message);
    }

    [Fact]
    public async Task FlexibilityOffersThatAreNotOffersAreRefusedNamingWhatIsWrong()
    {
        await using var server = await LoopbackMemberServer.StartServiceAsync<GarbledOfferer>();
        using var client = new DispatchParticipantClient(server.Endpoint);
        var timeout = TimeSpan.FromSeconds(10);

        async Task<string> Refused(int way) => (await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(way, 15, timeout))).Message;

        Assert.Contains("pluggedIn has 5 values for 6 steps", await Refused(GarbledOfferer.Short), StringComparison.Ordinal);
        Assert.Contains("maxChargeKw at step 2 is NaN", await Refused(GarbledOfferer.NotANumber), StringComparison.Ordinal);
        Assert.Contains("maxDischargeKw at step 0 is -1", await Refused(GarbledOfferer.Negative), StringComparison.Ordinal);
        Assert.Contains("must lie in (0, 1)", await Refused(GarbledOfferer.QuantileOne), StringComparison.Ordinal);
        Assert.Contains("out of quantile order", await Refused(GarbledOfferer.Unordered), StringComparison.Ordinal);
        Assert.Contains($"at most {21 - 2}", await Refused(GarbledOfferer.TooMany), StringComparison.Ordinal);
        Assert.Contains("at least one day", await Refused(GarbledOfferer.NoDays), StringComparison.Ordinal);
        Assert.Contains("intervalMaxEnergyKwh has 104 values for the 105 intervals of 14 steps", await Refused(GarbledOfferer.IntervalsShort), StringComparison.Ordinal);
        var honest = await client.SurveyAsync(GarbledOfferer.Honest, 15, timeout);
        Assert.Equal([0.1, 0.9], honest.Flexibility!.Bands.Select(b => b.Quantile));
        Assert.All(honest.Flexibility.Bands, b => Assert.False(b.HasIntervals));
        var intervals = await client.SurveyAsync(GarbledOfferer.IntervalsHonest, 15, timeout);
        Assert.All(intervals.Flexibility!.Bands, b => Assert.Equal(Enumerable.Repeat(1.0, 120), b.IntervalMaxEnergyKwh!));
    }

    [Fact]
    public async Task DeclinesThatAreNotDeclinesAreRefused()
    {
        await using var server = await LoopbackMemberServer.StartServiceAsync<GarbledDecliner>();
        using var client = new DispatchParticipantClient(server.Endpoint);
        var timeout = TimeSpan.FromSeconds(10);

        var none = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(GarbledDecliner.ReasonNone, 15, timeout));
        Assert.Contains("reason 0, which is not a decline reason", none.Message);
        var undefined = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(GarbledDecliner.ReasonUndefined, 15, timeout));
        Assert.Contains("reason 9", undefined.Message);
        var wordy = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(GarbledDecliner.DetailTooLong, 15, timeout));
        Assert.Contains($"at most {DispatchLimits.MaxDeclineDetailLength}", wordy.Message);
        var profiled = await Assert.ThrowsAsync<InvalidDataException>(() => client.SurveyAsync(GarbledDecliner.WithProfiles, 15, timeout));
        Assert.Contains("declined but sent profiles", profiled.Message);
        var declined = await client.SurveyAsync(GarbledDecliner.Honest, 15, timeout);
        Assert.Equal(new DispatchDecline(DeclineReason.Unavailable, "outage"), declined.Decline);

        var joined = await Assert.ThrowsAsync<InvalidDataException>(() => client.JoinAsync(new DispatchTerms(1, Keccak.Hash([1]), Steps, 15, 0.05, 1, 10), timeout));
        Assert.Contains("decline transaction hash", joined.Message);
    }

    private static async Task Refused(StatusCode expected, string detail, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == expected, $"Expected {expected}, got {error.StatusCode}: {error.Status.Detail}");
        Assert.Contains(detail, error.Status.Detail, StringComparison.Ordinal);
    }

    private static DispatchJoinRequest Join(
        ulong eventId, byte[] requestHash, double wear = 0.05, double deviation = 1.0, double shortfall = 10, string? document = null) => new()
    {
        EventId = eventId,
        RequestHash = ByteString.CopyFrom(requestHash),
        HorizonSteps = Steps,
        StepMinutes = 15,
        WearCostPerKwh = wear,
        DeviationPenaltyPerKwh = deviation,
        ShortfallPenaltyPerKwh = shortfall,
        RequestDocument = document ?? (requestHash.Length == 32 ? TestRequests.Document(new Hash32(requestHash)) : string.Empty),
    };

    /// <summary>The request document with one field changed, as a coordinator altering it would send it.</summary>
    private static string Altered(Hash32 requestHash, string field, Func<System.Text.Json.Nodes.JsonNode, System.Text.Json.Nodes.JsonNode> change)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(TestRequests.Document(requestHash))!.AsObject();
        document[field] = change(document[field]!.DeepClone());
        return document.ToJsonString();
    }

    private static DispatchOfferRequest Offer(ulong eventId, int step) => new() { EventId = eventId, Step = (uint)step };

    private static DispatchCommitStepRequest CommitStep(ulong eventId, int step, double powerKw, double allowanceKw = 0) =>
        new() { EventId = eventId, Step = (uint)step, PowerKw = powerKw, ExtraChargeKw = allowanceKw };

    private static DispatchRefineRequest Refine(ulong eventId, int values, double segmentKw, params double[] slopes)
    {
        var request = new DispatchRefineRequest { EventId = eventId, SegmentKw = segmentKw };
        request.NeedKw.AddRange(Enumerable.Repeat(5.0, values));
        request.Slopes.AddRange(slopes);
        return request;
    }

    private static DispatchProposeRequest Propose(ulong eventId, int values, double rho)
    {
        var request = new DispatchProposeRequest { EventId = eventId, Iteration = 1, Rho = rho };
        request.SignalKw.AddRange(Enumerable.Repeat(10.0, values));
        return request;
    }

    /// <summary>An operator node whose replies carry text where addresses and hashes belong.</summary>
    private sealed class GarbledParticipant : DispatchParticipant.DispatchParticipantBase
    {
        public override Task<DispatchSurveyReply> Survey(DispatchSurveyRequest request, ServerCallContext context) =>
            Task.FromResult(new DispatchSurveyReply { Name = "garbled", Address = "not an address" });

        public override Task<DispatchCommitReply> Commit(DispatchCommitRequest request, ServerCallContext context) =>
            Task.FromResult(new DispatchCommitReply { AllocationHash = ByteString.CopyFrom(Keccak.Hash([5]).ToArray()), CommitTxHash = "0x" });
    }

    /// <summary>An operator node whose flexibility offers are malformed, one way per surveyed horizon (a band of the horizon's steps otherwise).</summary>
    private sealed class GarbledOfferer : DispatchParticipant.DispatchParticipantBase
    {
        public const int Short = 6, NotANumber = 7, Negative = 8, QuantileOne = 9, Unordered = 10, TooMany = 11, NoDays = 12, Honest = 13, IntervalsShort = 14, IntervalsHonest = 15;

        public override Task<DispatchSurveyReply> Survey(DispatchSurveyRequest request, ServerCallContext context)
        {
            var steps = (int)request.HorizonSteps;
            var reply = new DispatchSurveyReply { Name = "offerer", Address = "0x0000000000000000000000000000000000000003", OfferDays = steps == NoDays ? 0u : 10u };
            reply.UncontrolledKw.AddRange(new double[steps]);
            reply.DischargeCapacityKw.AddRange(new double[steps]);
            WireBand Band(double quantile)
            {
                var band = new WireBand { Quantile = quantile };
                foreach (var series in new[] { band.PluggedIn, band.UncontrolledKw, band.MaxChargeKw, band.MaxDischargeKw, band.MinEnergyKwh, band.MaxEnergyKwh })
                {
                    series.AddRange(Enumerable.Repeat(1.0, steps));
                }

                return band;
            }

            reply.Offer.AddRange(steps switch
            {
                TooMany => Enumerable.Range(1, 20).Select(i => Band(i / 21.0)),
                Unordered => [Band(0.9), Band(0.1)],
                QuantileOne => [Band(1)],
                _ => [Band(0.1), Band(0.9)],
            });
            switch (steps)
            {
                case Short:
                    reply.Offer[0].PluggedIn.RemoveAt(0);
                    break;
                case NotANumber:
                    reply.Offer[1].MaxChargeKw[2] = double.NaN;
                    break;
                case Negative:
                    reply.Offer[0].MaxDischargeKw[0] = -1;
                    break;
                case IntervalsShort or IntervalsHonest:
                    foreach (var band in reply.Offer)
                    {
                        band.IntervalMinEnergyKwh.AddRange(new double[steps * (steps + 1) / 2]);
                        band.IntervalMaxEnergyKwh.AddRange(Enumerable.Repeat(1.0, (steps * (steps + 1) / 2) - (steps == IntervalsShort ? 1 : 0)));
                    }

                    break;
            }

            return Task.FromResult(reply);
        }
    }

    /// <summary>An operator node whose declines are malformed, one way per surveyed horizon.</summary>
    private sealed class GarbledDecliner : DispatchParticipant.DispatchParticipantBase
    {
        public const int ReasonNone = 1, ReasonUndefined = 2, DetailTooLong = 3, WithProfiles = 4, Honest = 5;

        public override Task<DispatchSurveyReply> Survey(DispatchSurveyRequest request, ServerCallContext context)
        {
            var reply = new DispatchSurveyReply { Name = "decliner", Address = "0x0000000000000000000000000000000000000002" };
            reply.Decline = request.HorizonSteps switch
            {
                ReasonNone => new WireDecline { Reason = 0, Detail = "none" },
                ReasonUndefined => new WireDecline { Reason = 9, Detail = "undefined" },
                DetailTooLong => new WireDecline { Reason = 3, Detail = new string('x', DispatchLimits.MaxDeclineDetailLength + 1) },
                _ => new WireDecline { Reason = 2, Detail = "outage" },
            };
            if (request.HorizonSteps == WithProfiles)
            {
                reply.UncontrolledKw.AddRange(new double[WithProfiles]);
            }

            return Task.FromResult(reply);
        }

        public override Task<DispatchJoinReply> Join(DispatchJoinRequest request, ServerCallContext context) =>
            Task.FromResult(new DispatchJoinReply
            {
                Name = "decliner",
                Address = "0x0000000000000000000000000000000000000002",
                Decline = new WireDecline { Reason = 1, Detail = "no fleet" },
                DeclineTxHash = "not a hash",
            });
    }

    /// <summary>An operator node whose replies are wrong in every way the client checks.</summary>
    private sealed class LyingParticipant : IDispatchParticipantHandler
    {
        public Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken) =>
            Task.FromResult(new FleetOffer(" ", ChainAddress.Parse("0x0000000000000000000000000000000000000001"), new double[horizonSteps], new double[horizonSteps]));

        public Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken) =>
            Task.FromResult(new DispatchParticipation("liar", ChainAddress.Parse("0x0000000000000000000000000000000000000001")));

        public Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken) =>
            Task.FromResult(new double[signalKw.Length - 1]);

        public const int ShortUrgency = 0;
        public const int BaseAboveHigh = 1;
        public const int NanUrgency = 2;
        public const int NegativeExport = 3;
        public const int NeedBeyondRoom = 4;

        public Task BeginClearingAsync(ulong eventId, CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>Each step's offer is wrong in a different way.</summary>
        public Task<StepOffer> OfferAsync(ulong eventId, int step, CancellationToken cancellationToken)
        {
            var urgency = new double[Steps + 2];
            var export = new double[Steps + 1];
            return Task.FromResult(step switch
            {
                ShortUrgency => new StepOffer(-5, 0, 10, 1, new double[Steps], export),
                BaseAboveHigh => new StepOffer(-5, 20, 10, 0, urgency, export),
                NanUrgency => new StepOffer(-5, 0, 10, 1, [.. urgency[..^1], double.NaN], export),
                NegativeExport => new StepOffer(-5, 0, 10, 1, urgency, [-1, .. export[1..]]),
                _ => new StepOffer(-5, 0, 10, 11, urgency, export),
            });
        }

        public Task<double> CommitStepAsync(ulong eventId, int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken) =>
            Task.FromResult(double.PositiveInfinity);

        public Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, CancellationToken cancellationToken) =>
            Task.FromResult(new FleetRefinement(false, new double[Steps + 1], 0));

        public Task<FleetRefinement> RefineAsync(ulong eventId, double[] needKw, double segmentKw, double[] slopes, double growth, double[]? pricesKw, CancellationToken cancellationToken) =>
            Task.FromResult(new FleetRefinement(false, new double[needKw.Length], -1));

        /// <summary>Event 1's realized power is not finite; event 2's wear is negative.</summary>
        public Task<FleetRealization> ReportAsync(ulong eventId, CancellationToken cancellationToken)
        {
            var realized = new double[Steps];
            if (eventId == 2)
            {
                return Task.FromResult(new FleetRealization(realized, 0, 0, 1, 12, -0.5));
            }

            realized[5] = double.NaN;
            return Task.FromResult(new FleetRealization(realized, 0, 0, 1, 0, 0));
        }

        public Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken) =>
            Task.FromResult(new AllocationCommitment(Hash32.Zero, Keccak.Hash([2]), 0));

        public Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken)
        {
            return Task.FromResult(new MeteredDelivery(new double[FleetGenerator.DaySteps], Keccak.Hash([7]), Keccak.Hash([3]), 0, 0));
        }
    }
}
