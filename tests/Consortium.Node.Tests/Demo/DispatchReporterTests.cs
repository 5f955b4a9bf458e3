using System.Numerics;
using System.Text.Json;
using Consortium.Contracts;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Network.Dispatch;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Home;
using Consortium.Node.GridParty;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.Demo;

/// <summary>The report's record of a dispatch event, written from the runner's outcome in the shape auditors read.</summary>
public sealed class DispatchReporterTests
{
    private static readonly ChainAddress Alba = ChainAddress.Parse("0x00000000000000000000000000000000000000a1");
    private static readonly ChainAddress Bute = ChainAddress.Parse("0x00000000000000000000000000000000000000b2");

    [Fact]
    public void AnEventIsWrittenWithItsParticipantsAndItsDecliners()
    {
        var outcome = Outcome();

        var section = DispatchReporter.ToSection(outcome);

        Assert.Equal(4UL, section.EventId);
        Assert.Equal(outcome.RequestHash, section.RequestHash);
        Assert.Equal(outcome.Request.ToJson(), section.SignedRequest);
        Assert.Equal((Hash(1), Hash(2), 120_000L, 90_000L), (section.OpenTxHash, section.SettleTxHash, section.OpenGasUsed, section.SettleGasUsed));
        Assert.Equal((1, 2, 4, 15.0), (section.OperatorCount, section.OperatorsAsked, section.Intervals, section.StepMinutes));
        Assert.Equal(((BigInteger)5000, BigInteger.Zero), (section.TotalRewardsWei, section.TotalPenaltiesWei));
        var op = Assert.Single(section.PerOperator);
        Assert.Equal((Alba, Hash(3), Hash(4), 61_000L), (op.Address, op.AllocationHash, op.CommitTxHash, op.CommitGasUsed));
        Assert.Equal((Hash(5), Hash(6), 54_000L, 2), (op.DeliveryHash, op.DeliveryTxHash, op.DeliveryGasUsed, op.VehiclesUnpluggedEarly));
        Assert.Equal(10.0 * 0.25 + 20 * 0.25, op.AllocatedKwh);
        Assert.Equal(7.0, op.MeteredKwh);
        Assert.Equal(((BigInteger)6000, (BigInteger)1000, (BigInteger)5000), (op.RewardWei, op.PenaltyWei, op.SettlementWei));
        Assert.Equal((2.5, 0.125), (op.DischargedKwh!.Value, op.WearCost!.Value));

        // 2.5 kWh discharged at the default rate would earn far more than the 6000 wei reward: the owners get all of it.
        Assert.Equal((BigInteger)6000, op.BatteryOwnersWei);
        Assert.Equal((1, 0.5, 0.8), (section.SocFloorViolations, section.DepartureShortfallKwh, section.JainFairness));
        var declined = Assert.Single(section.Declined);
        Assert.Equal(("bute", Bute, DeclineReason.NoDispatchableFleet, "no session can be drawn"), (declined.Name, declined.Address, declined.Reason, declined.Detail));
        Assert.Equal((Hash(7), 65_000L, true), (declined.DeclineTxHash, declined.DeclineGasUsed, declined.AtSurvey));
    }

    [Fact]
    public void TheDispatchSectionKeepsTheJsonShapeTheAuditReadsAndAddsTheDeclines()
    {
        var json = JsonSerializer.SerializeToElement(DispatchReporter.ToSection(Outcome()), ReportJson.Options);

        Assert.Equal(
            [
                "eventId", "requestHash", "requestId", "gridParty", "signedRequest", "openTxHash", "settleTxHash", "evs", "fleetSource",
                "operators", "operatorsAsked", "intervals", "stepMinutes", "trackingError", "maxDeviationKw", "meteredTrackingError",
                "iterations", "planAdjustedSteps", "solveSeconds", "converged", "exactStage", "socFloorViolations", "departureShortfallKWh",
                "jainFairness", "peakKwBefore", "peakKwTarget", "rewardWeiPerKwh", "penaltyWeiPerKwh", "relativeTolerance",
                "absoluteToleranceKWh", "seconds", "openGasUsed", "settleGasUsed", "totalRewardsWei", "totalPenaltiesWei",
                "uncontrolledKw", "targetKw", "aggregateKw", "perOperator", "declined",
            ],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["prices", "stop", "lowerBound", "upperBound", "gap", "seconds"],
            json.GetProperty("exactStage").EnumerateObject().Select(p => p.Name));
        var exact = json.GetProperty("exactStage");
        Assert.Equal((9, "Gap", 12.25, 12.5), (exact.GetProperty("prices").GetInt32(), exact.GetProperty("stop").GetString(), exact.GetProperty("lowerBound").GetDouble(), exact.GetProperty("upperBound").GetDouble()));
        Assert.Equal(0.02, exact.GetProperty("gap").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("eventId").ValueKind);
        Assert.Equal(JsonValueKind.String, json.GetProperty("rewardWeiPerKwh").ValueKind);
        Assert.Equal(
            [
                "name", "address", "allocationHash", "commitTxHash", "deliveryHash", "deliveryTxHash", "allocatedKWh", "allocatedKwPerStep",
                "meteredKWh", "meteredKWhPerStep", "trackedKWh", "excessDeviationKWh", "vehiclesUnpluggedEarly", "rewardWei", "penaltyWei",
                "settlementWei", "socFloorViolations", "departureShortfallKWh", "jainFairness", "dischargedKWh", "wearCost", "batteryOwnersWei", "commitGasUsed", "deliveryGasUsed",
            ],
            json.GetProperty("perOperator")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["name", "address", "reason", "detail", "declineTxHash", "declineGasUsed", "atSurvey"],
            json.GetProperty("declined")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, json.GetProperty("perOperator")[0].GetProperty("settlementWei").ValueKind);
    }

    private static Hash32 Hash(int i) => Keccak.Hash(BitConverter.GetBytes(i));

    [Fact]
    public void AnIntradayEventWritesEachOperatorsStepLogGasAndAnAdvanceOneLeavesItOut()
    {
        var intraday = Outcome() with { Intraday = new IntradayOutcome(4, 1.5, 2.5, 3, 12, [4 * 35_000UL]) };

        var section = DispatchReporter.ToSection(intraday);

        Assert.Equal(140_000L, Assert.Single(section.PerOperator).StepLogGasUsed);
        Assert.Equal(4, section.Intraday!.Steps);
        var advance = JsonSerializer.SerializeToElement(DispatchReporter.ToSection(Outcome()), ReportJson.Options);
        Assert.False(advance.GetProperty("perOperator")[0].TryGetProperty("stepLogGasUsed", out _));
        var written = JsonSerializer.SerializeToElement(section, ReportJson.Options);
        Assert.Equal(140_000L, written.GetProperty("perOperator")[0].GetProperty("stepLogGasUsed").GetInt64());
    }

    private static DispatchEventOutcome Outcome()
    {
        double[] target = [10, 20, 0, -5];
        var request = TestRequests.Sign(RequestDomain.Simulation, target);
        return new DispatchEventOutcome
        {
            EventId = 4,
            Request = request,
            Opening = new LedgerTransaction(Hash(1), 10, 120_000),
            Settling = new LedgerTransaction(Hash(2), 14, 90_000),
            OperatorsAsked = 2,
            Steps = 4,
            StepMinutes = 15,
            UncontrolledKw = [30, 30, 0, 0],
            TargetKw = target,
            AggregateKw = [10, 20, 0, 0],
            MeteredAggregateKw = [8, 20, 0, 0],
            PeakKwBefore = 30,
            PeakKwTarget = 20,
            TrackingError = 0.1,
            MaxDeviationKw = 5,
            MeteredTrackingError = 0.2,
            Iterations = 12,
            Converged = true,
            Pricing = new PriceOutcome([[10, 20, 0, 0]], [1.5], 12.5, 12.25, 9, 40, PriceStop.Gap, 0.4, 0.2, 0.1, 0.05),
            PlanAdjustedSteps = 1,
            SolveSeconds = 0.5,
            Rule = DispatchSettlementRule.Default,
            Participants =
            [
                new ParticipantOutcome(
                    "alba",
                    Alba,
                    [10, 20, 0, 0],
                    new FleetRealization([10, 20, 0, 0], 1, 0.5, 0.8, 2.5, 0.125),
                    new AllocationCommitment(Hash(3), Hash(4), 61_000),
                    new MeteredDelivery([2, 5, 0, 0], Hash(5), Hash(6), 54_000, 2),
                    new OperatorSettlement(7.5, 6, 0.1, 6000, 1000),
                    5000),
            ],
            Declines = [new DeclinedOperator("bute", Bute, DeclineReason.NoDispatchableFleet, "no session can be drawn", Hash(7), 65_000, true)],
            TotalRewardsWei = 5000,
            TotalPenaltiesWei = 0,
            Elapsed = TimeSpan.FromSeconds(3),
        };
    }
}
