using System.Globalization;
using Consortium.Dispatch.Fleets;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Reporting;

namespace Consortium.Node.Demo;

/// <summary>
/// Writes what a dispatch event came to (<see cref="DispatchEventOutcome"/>) into the report's <see cref="DispatchSection"/>:
/// addresses and hashes as hex text, amounts as decimal base units, declines by reason name. The report's shape is what
/// auditors and scripts read; the runner knows nothing of it.
/// </summary>
public static class DispatchReporter
{
    /// <summary>
    /// The dispatch section for <paramref name="outcome"/>. What the runner cannot know (<see cref="DispatchSection.Evs"/>,
    /// <see cref="DispatchSection.FleetSource"/>: how the nodes were started) is left for the caller.
    /// </summary>
    public static DispatchSection ToSection(DispatchEventOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var rule = outcome.Rule;
        var section = new DispatchSection
        {
            EventId = outcome.EventId,
            RequestHash = outcome.RequestHash.ToString(),
            RequestId = outcome.Request.Request.RequestId,
            GridParty = outcome.Request.Signer.ToString(),
            SignedRequest = outcome.Request.ToJson(),
            OpenTxHash = outcome.Opening.TxHash.ToString(),
            SettleTxHash = outcome.Settling.TxHash.ToString(),
            OperatorCount = outcome.Participants.Count,
            OperatorsAsked = outcome.OperatorsAsked,
            Intervals = outcome.Steps,
            StepMinutes = outcome.StepMinutes,
            TrackingError = outcome.TrackingError,
            MaxDeviationKw = outcome.MaxDeviationKw,
            MeteredTrackingError = outcome.MeteredTrackingError,
            Iterations = outcome.Iterations,
            PlanAdjustedSteps = outcome.PlanAdjustedSteps,
            SolveSeconds = outcome.SolveSeconds,
            Converged = outcome.Converged,
            PeakKwBefore = outcome.PeakKwBefore,
            PeakKwTarget = outcome.PeakKwTarget,
            RewardWeiPerKwh = rule.RewardWeiPerKwh.ToString(CultureInfo.InvariantCulture),
            PenaltyWeiPerKwh = rule.PenaltyWeiPerKwh.ToString(CultureInfo.InvariantCulture),
            RelativeTolerance = rule.RelativeTolerance,
            AbsoluteToleranceKwh = rule.AbsoluteToleranceKwh,
            Seconds = outcome.Elapsed.TotalSeconds,
            OpenGasUsed = checked((long)outcome.Opening.GasUsed),
            SettleGasUsed = checked((long)outcome.Settling.GasUsed),
            TotalRewardsWei = outcome.TotalRewardsWei.ToString(CultureInfo.InvariantCulture),
            TotalPenaltiesWei = outcome.TotalPenaltiesWei.ToString(CultureInfo.InvariantCulture),
            UncontrolledKw = outcome.UncontrolledKw,
            TargetKw = outcome.TargetKw,
            AggregateKw = outcome.AggregateKw,
        };

        foreach (var op in outcome.Participants)
        {
            section.PerOperator.Add(new DispatchOperatorSection
            {
                Name = op.Name,
                Address = op.Address.ToString(),
                AllocationHash = op.Commitment.AllocationHash.ToString(),
                CommitTxHash = op.Commitment.TxHash.ToString(),
                DeliveryHash = op.Delivery.DeliveryHash.ToString(),
                DeliveryTxHash = op.Delivery.TxHash.ToString(),
                AllocatedKwh = op.AllocatedKw.Sum() * FleetRequest.StepHours,
                AllocatedKwPerStep = op.AllocatedKw,
                MeteredKwh = op.Delivery.MeteredKwh.Sum(),
                MeteredKwhPerStep = op.Delivery.MeteredKwh,
                TrackedKwh = op.Settlement.TrackedKwh,
                ExcessDeviationKwh = op.Settlement.ExcessDeviationKwh,
                VehiclesUnpluggedEarly = op.Delivery.VehiclesUnpluggedEarly,
                RewardWei = op.Settlement.RewardWei.ToString(CultureInfo.InvariantCulture),
                PenaltyWei = op.Settlement.PenaltyWei.ToString(CultureInfo.InvariantCulture),
                SettlementWei = op.SettledWei.ToString(CultureInfo.InvariantCulture),
                SocFloorViolations = op.Realization.SocFloorViolations,
                DepartureShortfallKwh = op.Realization.DepartureShortfallKwh,
                JainFairness = op.Realization.JainFairness,
                CommitGasUsed = op.Commitment.GasUsed,
                DeliveryGasUsed = op.Delivery.GasUsed,
            });
        }

        foreach (var declined in outcome.Declines)
        {
            section.Declined.Add(new DispatchDeclineSection
            {
                Name = declined.Name,
                Address = declined.Address.ToString(),
                Reason = declined.Reason.ToString(),
                Detail = declined.Detail,
                DeclineTxHash = declined.TxHash.ToString(),
                DeclineGasUsed = declined.GasUsed,
                AtSurvey = declined.AtSurvey,
            });
        }

        section.SocFloorViolations = section.PerOperator.Sum(o => o.SocFloorViolations);
        section.DepartureShortfallKwh = section.PerOperator.Sum(o => o.DepartureShortfallKwh);

        // With nobody taking part nothing was discharged, which Jain's index scores 1.
        section.JainFairness = section.PerOperator.Count == 0 ? 1 : section.PerOperator.Average(o => o.JainFairness);
        return section;
    }
}
