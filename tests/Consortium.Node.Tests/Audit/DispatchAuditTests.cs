using System.Globalization;
using System.Numerics;
using Consortium.Dispatch.DayAhead;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Reporting;
using static Consortium.Node.Tests.Audit.FindingAssert;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// A report's dispatch event against the dispatch ledger, the settlement rule and the operators' stores: each kind of
/// tampering is named, and only what follows from it.
/// </summary>
[Collection(AuditedRunCollection.Name)]
public sealed class DispatchAuditTests(AuditedRun run)
{
    [Fact]
    public async Task AnEventTheChainNeverOpenedIsNamed()
    {
        var report = run.Report();
        report.Dispatch!.EventId = 99;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("dispatch event 99"));
        Assert.Equal("the chain has no such dispatch event", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ARequestHashOtherThanTheOneTheEventWasOpenedForIsNamedTwice()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var opened = dispatch.RequestHash;
        dispatch.RequestHash = dispatch.PerOperator[0].AllocationHash;

        var outcome = await run.AuditAsync(report);

        // The chain opened the event for another request, and the signed request hashes to another one.
        Exactly(outcome, Mismatch($"{Subject(dispatch)} request"), Mismatch($"{Subject(dispatch)} request"));
        Assert.Contains(outcome.Findings, f => f.Problem == $"the report says {dispatch.RequestHash}, the chain opened it for {opened}");
        Assert.Contains(outcome.Findings, f => f.Problem == $"the signed request hashes to {opened}, the report says {dispatch.RequestHash}");
    }

    [Fact]
    public async Task ASignedRequestChangedAfterSigningIsNamedForItsSignature()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var signed = dispatch.SignedRequest;
        dispatch.SignedRequest = signed.Replace(dispatch.RequestId, dispatch.RequestId + "-2", StringComparison.Ordinal);
        Assert.NotEqual(signed, dispatch.SignedRequest);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} request"));
        Assert.StartsWith("the report's signed request does not parse", outcome.Findings[0].Problem, StringComparison.Ordinal);
        Assert.Contains("signature", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ARequestIdOtherThanTheSignedOneIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var signedId = dispatch.RequestId;
        dispatch.RequestId = "another-request";

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} request"));
        Assert.Equal($"the signed request is {signedId} from {dispatch.GridParty}, the report says another-request from {dispatch.GridParty}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ATargetOtherThanTheSignedOneIsNamed()
    {
        var report = run.Report();
        report.Dispatch!.TargetKw[3] += 1;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} request"));
        Assert.Equal("the report's target is not the target of the signed request", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnOfferCheckItsBandsDoNotGiveIsNamed()
    {
        // The report's offer: three bands around room for the signed target (20 kW rising by 1 kW a step), and the check
        // they give for it.
        DemoReport Offered(Action<OfferSection>? tamper = null)
        {
            var report = run.Report();
            var dispatch = report.Dispatch!;
            var steps = dispatch.Intervals;
            double[] Each(double value) => [.. Enumerable.Repeat(value, steps)];
            double[] Rising(double perStep) => [.. Enumerable.Range(1, steps).Select(t => perStep * t)];
            var forecast = new FlexibilityForecast(10, [.. new[] { 0.1, 0.5, 0.9 }.Select((q, i) => new FlexibilityBand(
                q, Each(40 + (10 * i)), Each(30), Each(200 + (50 * i)), Each(60 + (10 * i)), Rising(2 + i), Rising(40 + (5 * i))))]);
            var check = forecast.Check(dispatch.TargetKw);
            Assert.True(check.Within, check.Describe());
            dispatch.Offer = DispatchReporter.Offer(forecast, check)!;
            tamper?.Invoke(dispatch.Offer);
            return report;
        }

        Exactly(await run.AuditAsync(Offered()));

        var margin = await run.AuditAsync(Offered(offer => offer.PowerMarginKw += 100));
        Exactly(margin, Mismatch($"{Subject(run.Report().Dispatch!)} day-ahead offer"));
        Assert.StartsWith("the report says the request is", margin.Findings[0].Problem, StringComparison.Ordinal);

        // A band that leaves no room for the target at step 5: the report's check no longer follows from its bands.
        var bands = await run.AuditAsync(Offered(offer =>
        {
            var cautious = offer.Bands[0].MaxChargeKw.ToArray();
            cautious[5] = run.Report().Dispatch!.TargetKw[5] - 10;
            offer.Bands[0].MaxChargeKw = cautious;
        }));
        Exactly(bands, Mismatch($"{Subject(run.Report().Dispatch!)} day-ahead offer"));
        Assert.Contains("step 5 (01:15): asks", bands.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventNeverSettledIsNamedWithEveryOperatorsSettlement()
    {
        // The report now claims event 2 instead of event 1, whose reward dundee's balance no longer explains.
        var report = run.Report();
        report.Dispatch = run.UnsettledDispatch();

        var outcome = await run.AuditAsync(report);

        Exactly(
            outcome,
            Mismatch("dispatch event 2"),
            Mismatch($"dispatch event 2 settlement of {AuditedRun.AngusName}"),
            Mismatch($"operator {AuditedRun.DundeeName} balance"));
        Assert.Equal("the chain has it Open, not settled", About(outcome, "dispatch event 2").Problem);
        Assert.Equal("the report says 0, the chain settled 0 (settled: False)", About(outcome, $"dispatch event 2 settlement of {AuditedRun.AngusName}").Problem);
    }

    [Fact]
    public async Task AnEventReportedAsIntradayWhoseStepsTheChainNeverReceivedIsNamedPerOperator()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        dispatch.Intraday = new IntradaySection { Steps = dispatch.Intervals, MeanReplanSeconds = 0.1, MaxReplanSeconds = 0.2, MaxPluggedIn = 4 };

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} steps of {AuditedRun.DundeeName}"), Mismatch($"{Subject(dispatch)} steps of {AuditedRun.FifeName}"));
        Assert.Equal(
            $"the event ran intraday over {dispatch.Intervals} steps, the chain holds 0 step commitments from {dispatch.PerOperator[0].Address}",
            About(outcome, $"{Subject(dispatch)} steps of {AuditedRun.DundeeName}").Problem);
    }

    [Fact]
    public async Task AnOperatorLeftOutOfTheEventIsNamedByTheChainsCounts()
    {
        var report = run.Report();
        report.Dispatch!.PerOperator.RemoveAt(1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch(Subject(report.Dispatch)));
        Assert.Equal("the chain counts 2 allocations and 2 deliveries, the report lists 1 operators", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ASettlementRuleOtherThanTheSignedRequestsIsNamedAndTheSettlementsAreJudgedByTheRequests()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        dispatch.RewardWeiPerKwh = DispatchSettlementRule.Default.RewardWeiPerKwh * 2;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} settlement rule"));
        Assert.StartsWith($"the report states {dispatch.RewardWeiPerKwh} wei per kWh tracked", outcome.Findings[0].Problem, StringComparison.Ordinal);
        Assert.Contains($"the request's terms on chain are {DispatchSettlementRule.Default.RewardWeiPerKwh} wei per kWh tracked", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ARequestTheGridPartySignedWithOtherTermsThanTheEventWasOpenedWithIsNamedByItsField()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var opened = FlexibilityRequestCodec.Parse(dispatch.SignedRequest).Request;
        var harsher = new FlexibilityRequest(
            opened.RequestId,
            opened.GridParty,
            opened.Domain,
            opened.IssuedAt,
            opened.Start,
            opened.TargetKw,
            opened.DeviationPenaltyPerKwh,
            opened.Settlement with { PenaltyWeiPerKwh = 3 * opened.Settlement.PenaltyWeiPerKwh });
        var resigned = FlexibilityRequestCodec.Sign(harsher, TestRequests.GridKey);
        dispatch.SignedRequest = resigned.ToJson();

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} request"), Mismatch($"{Subject(dispatch)} grid party"));
        Assert.Contains(outcome.Findings, f => f.Problem == $"the signed request hashes to {resigned.RequestHash}, the report says {dispatch.RequestHash}");
        Assert.Contains(outcome.Findings, f => f.Problem.StartsWith("the signed request's penaltyWeiPerKwh is not the one the event was opened with", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAllocationHashOtherThanTheCommittedOneIsNamed()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        var committed = fife.AllocationHash;
        fife.AllocationHash = fife.DeliveryHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.Equal($"the report says {fife.DeliveryHash}, the chain holds {committed}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeliveryHashOtherThanTheReportedOneIsNamed()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        var reported = fife.DeliveryHash;
        fife.DeliveryHash = fife.AllocationHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} delivery of {AuditedRun.FifeName}"));
        Assert.Equal($"the report says {fife.AllocationHash}, the chain holds {reported}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task MeteringThatDoesNotHashToTheDeliveryOnChainIsNamedAndTheSettlementOnItIsNotVerified()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        fife.MeteredKwhPerStep[3] += 1;

        var outcome = await run.AuditAsync(report);

        Exactly(
            outcome,
            Mismatch($"{Subject(report.Dispatch)} delivery of {AuditedRun.FifeName}"),
            NotVerified($"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}"));
        Assert.Equal($"the reported metered values do not hash to the delivery {fife.DeliveryHash} on chain", outcome.Mismatches[0].Problem);
    }

    [Fact]
    public async Task ASettlementOtherThanTheOneOnChainIsNamed()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        var settled = fife.SettlementWei;
        fife.SettlementWei = Plus(settled, -1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}"));
        Assert.Equal($"the report says {fife.SettlementWei}, the chain settled {settled} (settled: True)", outcome.Findings[0].Problem);
        Assert.True(settled < 0, "fife's delivery fell short: it was penalised");
    }

    [Fact]
    public async Task AnAllocationThatDoesNotSettleToTheAmountOnChainUnderTheRuleIsNamed()
    {
        // One kW more allocated at a step fife fell short at: more deviation beyond tolerance, a larger penalty.
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        fife.AllocatedKwPerStep[3] += 1;

        var outcome = await run.AuditAsync(report);

        var subject = $"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}";
        Exactly(outcome, Mismatch(subject), Mismatch(subject));
        Assert.Contains(outcome.Findings, f => f.Problem.StartsWith("the reported allocation and metering under the request's terms give", StringComparison.Ordinal)
            && f.Problem.EndsWith($"the chain settled {fife.SettlementWei}", StringComparison.Ordinal));
        Assert.Contains(outcome.Findings, f => f.Problem.StartsWith("the request's terms give reward", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARewardAndPenaltyThatAreNotTheRulesSplitOfTheSettlementAreNamed()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        fife.RewardWei = Plus(fife.RewardWei, 1);
        fife.PenaltyWei = Plus(fife.PenaltyWei, 1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}"));
        Assert.EndsWith($"the report says {fife.RewardWei} and {fife.PenaltyWei}", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAllocationShorterThanTheEventIsNamed()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        fife.AllocatedKwPerStep = fife.AllocatedKwPerStep[..^1];

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}"));
        Assert.Equal($"the report's allocation has {AuditedRun.Steps - 1} steps and its metering {AuditedRun.Steps}, the event {AuditedRun.Steps}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnAllocationShorterThanTheCommittedSetpointsIsNamedFromTheOperatorsStore()
    {
        var report = run.Report();
        var fife = report.Dispatch!.PerOperator[1];
        fife.AllocatedKwPerStep = fife.AllocatedKwPerStep[..^1];

        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(
            outcome,
            Mismatch($"{Subject(report.Dispatch)} settlement of {AuditedRun.FifeName}"),
            Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.Equal(
            $"its committed setpoints cover {AuditedRun.Steps} steps, the report allocates {AuditedRun.Steps - 1}",
            About(outcome, $"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}").Problem);
    }

    [Fact]
    public async Task AnAllocatedProfileOtherThanTheCommittedSetpointsAddUpToIsNamedFromTheOperatorsStore()
    {
        // A milliwatt-hour-sized change to a step dundee tracked exactly: its settlement is unchanged, only its store tells.
        var report = run.Report();
        var dundee = report.Dispatch!.PerOperator[0];
        var committed = dundee.AllocatedKwPerStep[3];
        dundee.AllocatedKwPerStep[3] += 0.001;

        var withoutStores = await run.AuditAsync(report);
        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(withoutStores);
        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.DundeeName}"));
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"its committed setpoints add up to {committed} kW at step 3, the report allocates {dundee.AllocatedKwPerStep[3]} kW"),
            outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task SetpointsMissingFromTheOperatorsStoreLeaveItsAllocationNotVerified()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.DeleteSetpoints(Path.Combine(data.Path, AuditedRun.FifeName, "node.db"), report.Dispatch!.EventId);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(outcome, NotVerified($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.Contains("holds no setpoints of the event", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ASaltOfTheWrongLengthInTheOperatorsStoreIsNamed()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.EditDispatchRecord(Path.Combine(data.Path, AuditedRun.FifeName, "node.db"), report.Dispatch!.EventId, record => record.Salt = record.Salt[1..]);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.Equal("the salt in its store is 31 bytes, a commitment's is 32", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task SetpointsThatDoNotFitTheOperatorsRecordAreNamed()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.EditDispatchRecord(Path.Combine(data.Path, AuditedRun.FifeName, "node.db"), report.Dispatch!.EventId, record => record.VehicleCount = 3);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.StartsWith("the setpoints in its store do not read back as its record describes them", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASaltAndSetpointsThatDoNotOpenTheCommitmentOnChainAreNamed()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.EditDispatchRecord(Path.Combine(data.Path, AuditedRun.FifeName, "node.db"), report.Dispatch!.EventId, record => record.Salt[0] ^= 1);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(outcome, Mismatch($"{Subject(report.Dispatch)} allocation of {AuditedRun.FifeName}"));
        Assert.EndsWith($"the chain holds {report.Dispatch.PerOperator[1].AllocationHash}", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TotalsOtherThanTheLedgersAreNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var minted = dispatch.TotalRewardsWei;
        dispatch.TotalRewardsWei = Plus(minted, 1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} totals"));
        Assert.Equal($"the report says {dispatch.TotalRewardsWei} minted and {dispatch.TotalPenaltiesWei} slashed, the chain holds {minted} and {dispatch.TotalPenaltiesWei}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeclineTheChainDoesNotHoldIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var perth = report.Operators.Single(o => o.Name == AuditedRun.PerthName).Address;
        dispatch.Declined.Add(new DispatchDeclineSection { Name = AuditedRun.PerthName, Address = perth, Reason = DeclineReason.Unavailable, Detail = "maintenance", DeclineTxHash = dispatch.Declined[0].DeclineTxHash });

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} decline of {AuditedRun.PerthName}"));
        Assert.Equal($"the report says {perth} declined (Unavailable), the chain holds no decline from it", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeclineReasonOtherThanTheChainsIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        dispatch.Declined[0].Reason = DeclineReason.Unavailable;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} decline of {AuditedRun.AngusName}"));
        Assert.Equal("the report gives the reason Unavailable, the chain holds NoDispatchableFleet", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeclineDetailOtherThanTheOneGivenOnChainIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var given = dispatch.Declined[0].Detail;
        dispatch.Declined[0].Detail = "the grid party asked too late";

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} decline of {AuditedRun.AngusName}"));
        Assert.Equal($"the report gives the detail 'the grid party asked too late', the operator declined on chain with '{given}'", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeclineTransactionOtherThanTheChainsIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var declinedIn = dispatch.Declined[0].DeclineTxHash;
        dispatch.Declined[0].DeclineTxHash = dispatch.OpenTxHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} decline of {AuditedRun.AngusName}"));
        Assert.Equal($"the report says it declined in {dispatch.OpenTxHash}, the chain's decline is in {declinedIn}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ADeclineOnChainTheReportLeavesOutIsNamed()
    {
        var report = run.Report();
        var dispatch = report.Dispatch!;
        var angus = dispatch.Declined[0];
        dispatch.Declined.Clear();

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"{Subject(dispatch)} declines"));
        Assert.Equal(
            $"{angus.Address} declined the event on chain (NoDispatchableFleet: {angus.Detail}) in {angus.DeclineTxHash}, the report does not list it",
            outcome.Findings[0].Problem);
    }

    private static string Subject(DispatchSection dispatch) => $"dispatch event {dispatch.EventId}";

    private static BigInteger Plus(BigInteger units, int delta) => units + delta;
}
