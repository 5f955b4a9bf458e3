using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Reporting;

namespace Consortium.Node.Demo;

/// <summary>
/// Writes what a dispatch event came to (<see cref="DispatchEventOutcome"/>) into the report's <see cref="DispatchSection"/>:
/// addresses, hashes and amounts as the outcome holds them, declines with their reason. The report's shape is what
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
            RequestHash = outcome.RequestHash,
            RequestId = outcome.Request.Request.RequestId,
            GridParty = outcome.Request.Signer,
            SignedRequest = outcome.Request.ToJson(),
            OpenTxHash = outcome.Opening.TxHash,
            SettleTxHash = outcome.Settling.TxHash,
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
            ExactStage = ExactStageSection.Of(outcome.Pricing),
            Intraday = outcome.Intraday is { } day
                ? new IntradaySection { Steps = day.Steps, MeanReplanSeconds = day.MeanReplanSeconds, MaxReplanSeconds = day.MaxReplanSeconds, MaxPluggedIn = day.MaxPluggedIn }
                : null,
            Offer = Offer(outcome.Offer, outcome.OfferCheck),
            PeakKwBefore = outcome.PeakKwBefore,
            PeakKwTarget = outcome.PeakKwTarget,
            RewardWeiPerKwh = rule.RewardWeiPerKwh,
            PenaltyWeiPerKwh = rule.PenaltyWeiPerKwh,
            RelativeTolerance = rule.RelativeTolerance,
            AbsoluteToleranceKwh = rule.AbsoluteToleranceKwh,
            Seconds = outcome.Elapsed.TotalSeconds,
            OpenGasUsed = checked((long)outcome.Opening.GasUsed),
            SettleGasUsed = checked((long)outcome.Settling.GasUsed),
            TotalRewardsWei = outcome.TotalRewardsWei,
            TotalPenaltiesWei = outcome.TotalPenaltiesWei,
            UncontrolledKw = outcome.UncontrolledKw,
            TargetKw = outcome.TargetKw,
            AggregateKw = outcome.AggregateKw,
        };

        foreach (var (op, i) in outcome.Participants.Select((op, i) => (op, i)))
        {
            section.PerOperator.Add(new DispatchOperatorSection
            {
                Name = op.Name,
                Address = op.Address,
                AllocationHash = op.Commitment.AllocationHash,
                CommitTxHash = op.Commitment.TxHash,
                DeliveryHash = op.Delivery.DeliveryHash,
                DeliveryTxHash = op.Delivery.TxHash,
                AllocatedKwh = op.AllocatedKw.Sum() * FleetRequest.StepHours,
                AllocatedKwPerStep = op.AllocatedKw,
                MeteredKwh = op.Delivery.MeteredKwh.Sum(),
                MeteredKwhPerStep = op.Delivery.MeteredKwh,
                TrackedKwh = op.Settlement.TrackedKwh,
                ExcessDeviationKwh = op.Settlement.ExcessDeviationKwh,
                VehiclesUnpluggedEarly = op.Delivery.VehiclesUnpluggedEarly,
                RewardWei = op.Settlement.RewardWei,
                PenaltyWei = op.Settlement.PenaltyWei,
                SettlementWei = op.SettledWei,
                SocFloorViolations = op.Realization.SocFloorViolations,
                DepartureShortfallKwh = op.Realization.DepartureShortfallKwh,
                JainFairness = op.Realization.JainFairness,
                DischargedKwh = op.Realization.DischargedKwh,
                WearCost = op.Realization.WearCost,
                BatteryOwnersWei = BatteryOwnerShare.Wei(rule, op.Settlement, op.Realization.DischargedKwh),
                CommitGasUsed = op.Commitment.GasUsed,
                DeliveryGasUsed = op.Delivery.GasUsed,
                StepLogGasUsed = outcome.Intraday is { } intraday ? (long)intraday.StepLogGasUsed[i] : null,
            });
        }

        foreach (var declined in outcome.Declines)
        {
            section.Declined.Add(new DispatchDeclineSection
            {
                Name = declined.Name,
                Address = declined.Address,
                Reason = declined.Reason,
                Detail = declined.Detail,
                DeclineTxHash = declined.TxHash,
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

    /// <summary>The report's section of a day-ahead offer and the request's check against it; null when either is missing.</summary>
    public static OfferSection? Offer(FlexibilityForecast? offer, OfferCheck? check) => offer is null || check is null
        ? null
        : new OfferSection
        {
            Days = offer.Days,
            Confidence = check.Confidence,
            Within = check.Within,
            PowerMarginKw = check.PowerMarginKw,
            EnergyMarginKwh = check.EnergyMarginKwh,
            ShortfallSteps = check.StepsOutside,
            Bands = [.. offer.Bands.Select(b => new OfferBandSection
            {
                Quantile = b.Quantile,
                PluggedIn = b.PluggedIn,
                MaxChargeKw = b.MaxChargeKw,
                MaxDischargeKw = b.MaxDischargeKw,
                MinEnergyKwh = b.MinEnergyKwh,
                MaxEnergyKwh = b.MaxEnergyKwh,
                IntervalMinEnergyKwh = b.IntervalMinEnergyKwh,
                IntervalMaxEnergyKwh = b.IntervalMaxEnergyKwh,
            })],
        };

}
