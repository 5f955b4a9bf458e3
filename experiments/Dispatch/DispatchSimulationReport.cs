using Consortium.Dispatch.Coordination;
using System.Text.Json.Serialization;
using Consortium.Dispatch;
using Consortium.Dispatch.Wear;
using Consortium.Dispatch.Exact;

namespace Consortium.Experiments.Dispatch;

/// <summary>The JSON report of <c>dispatch simulate</c>.</summary>
public sealed record DispatchSimulationReport
{
    /// <summary>Vehicles in total.</summary>
    [JsonPropertyName("evs")]
    public required int Evs { get; init; }

    /// <summary>Operators.</summary>
    [JsonPropertyName("operators")]
    public required int Operators { get; init; }

    /// <summary>15-minute steps.</summary>
    [JsonPropertyName("intervals")]
    public required int Intervals { get; init; }

    /// <summary>Where the fleets come from.</summary>
    [JsonPropertyName("fleetSource")]
    public required string FleetSource { get; init; }

    /// <summary>The calendar day dispatched (<c>--date</c>), or null for a day drawn from the sessions' profile.</summary>
    [JsonPropertyName("date")]
    public string? Date { get; init; }

    /// <summary>On a calendar day (<c>--date</c>): the consortium's federated forecast of the day's energy, against what came.</summary>
    [JsonPropertyName("dayForecast")]
    public DayForecastFigures? DayForecast { get; init; }

    /// <summary>Where the target comes from.</summary>
    [JsonPropertyName("targetSource")]
    public required string TargetSource { get; init; }

    /// <summary>The coordinated (ADMM) dispatch.</summary>
    [JsonPropertyName("admm")]
    public required DispatchMetrics Admm { get; init; }

    /// <summary>RMSE of aggregate − target over the mean absolute target (the ADMM dispatch).</summary>
    [JsonPropertyName("trackingError")]
    public double TrackingError => Admm.TrackingError;

    /// <summary>Largest absolute gap, kW (the ADMM dispatch).</summary>
    [JsonPropertyName("maxDeviationKw")]
    public double MaxDeviationKw => Admm.MaxDeviationKw;

    /// <summary>Vehicles discharged below their floor (the ADMM dispatch).</summary>
    [JsonPropertyName("socFloorViolations")]
    public int SocFloorViolations => Admm.SocFloorViolations;

    /// <summary>Energy missing at departure, kWh (the ADMM dispatch).</summary>
    [JsonPropertyName("departureShortfallKWh")]
    public double DepartureShortfallKwh => Admm.DepartureShortfallKwh;

    /// <summary>Jain's index of discharge relative to flexibility (the ADMM dispatch).</summary>
    [JsonPropertyName("jainFairness")]
    public double JainFairness => Admm.JainFairness;

    /// <summary>ADMM iterations.</summary>
    [JsonPropertyName("iterations")]
    public int Iterations => Admm.Iterations;

    /// <summary>Wall-clock seconds of the ADMM dispatch, realization included.</summary>
    [JsonPropertyName("solveSeconds")]
    public double SolveSeconds => Admm.SolveSeconds;

    /// <summary>Seconds of the ADMM stage over the operators' envelopes (independent of the vehicle count).</summary>
    [JsonPropertyName("admmSeconds")]
    public required double AdmmSeconds { get; init; }

    /// <summary>Seconds of the step-by-step clearing over every vehicle.</summary>
    [JsonPropertyName("clearingSeconds")]
    public required double ClearingSeconds { get; init; }

    /// <summary>Seconds of the exact re-plan sweeps after the clearing (zero when no fleet was small enough).</summary>
    [JsonPropertyName("refineSeconds")]
    public required double RefineSeconds { get; init; }

    /// <summary>What the re-plan sweeps did (operators, sweeps, objective before and after), or null when every fleet was above the exact limit.</summary>
    [JsonPropertyName("refinement")]
    public Refinement? Refinement { get; init; }

    /// <summary>Whether ADMM met its residual tolerances.</summary>
    [JsonPropertyName("converged")]
    public bool Converged => Admm.Converged;

    /// <summary>The ADMM dispatch's objective (see <see cref="DispatchCosts"/>).</summary>
    [JsonPropertyName("objective")]
    public double Objective => Admm.Objective;

    /// <summary>The centralized LP's objective, with <c>--reference</c>.</summary>
    [JsonPropertyName("referenceObjective")]
    public double? ReferenceObjective => Reference?.Objective;

    /// <summary>(objective − reference) / reference, with <c>--reference</c>.</summary>
    [JsonPropertyName("optimalityGap")]
    public double? OptimalityGap { get; init; }

    /// <summary>
    /// With <c>--reference</c>: the objective GLOP reports for its own solution, before its setpoints are stored and
    /// replayed. It departs from <see cref="ReferenceObjective"/> where the LP charges and discharges one vehicle in the
    /// same step (<see cref="ReferenceSimultaneousSteps"/>), which no charger does; the LP is then a relaxation, a lower
    /// bound on what any real dispatch can reach.
    /// </summary>
    [JsonPropertyName("referenceLpObjective")]
    public double? ReferenceLpObjective { get; init; }

    /// <summary>With <c>--reference</c>: vehicle-steps at which the LP both charges and discharges (burning energy).</summary>
    [JsonPropertyName("referenceSimultaneousSteps")]
    public int? ReferenceSimultaneousSteps { get; init; }

    /// <summary>
    /// With <c>--reference</c>, only where the LP burns energy: the LP solved again with a wear price at which burning
    /// never pays (<c>DispatchCosts.BurnFreeWear</c>, per chemistry), its schedule measured at the true prices. A schedule chargers
    /// can follow, so the best real dispatch lies between <see cref="ReferenceLpObjective"/> and this objective.
    /// </summary>
    [JsonPropertyName("referenceBurnFree")]
    public DispatchMetrics? ReferenceBurnFree { get; init; }

    /// <summary>(objective − burn-free reference) / burn-free reference, where <see cref="ReferenceBurnFree"/> is set.</summary>
    [JsonPropertyName("optimalityGapBurnFree")]
    public double? OptimalityGapBurnFree { get; init; }

    /// <summary>
    /// The coordinated dispatch's exact stage, where it is the dispatch by prices (<c>--exact prices</c>, the default): its
    /// bounds on the LP's optimum, proved over the operators' answers alone.
    /// </summary>
    [JsonPropertyName("exactStage")]
    public PriceDecompositionFigures? ExactStage { get; init; }

    /// <summary>With <c>--offer</c>: the request checked against the operators' summed day-ahead offers.</summary>
    [JsonPropertyName("offer")]
    public OfferFigures? Offer { get; init; }

    /// <summary>With <c>--online</c>: the day run as it happens, step by step, next to its comparisons.</summary>
    [JsonPropertyName("online")]
    public OnlineFigures? Online { get; init; }

    /// <summary>With <c>--prices</c>: the dispatch by price decomposition and the bounds that certify it.</summary>
    [JsonPropertyName("prices")]
    public PriceDecompositionFigures? Prices { get; init; }

    /// <summary>
    /// (objective − the best lower bound) / the lower bound, the bound from the exact stage's prices or from <c>--prices</c>.
    /// No dispatch the LP allows costs less than the bound, so this bounds <see cref="OptimalityGap"/> from above at any
    /// fleet size.
    /// </summary>
    [JsonPropertyName("optimalityGapBound")]
    public double? OptimalityGapBound { get; init; }

    /// <summary>Seconds of the centralized LP, with <c>--reference</c>.</summary>
    [JsonPropertyName("referenceSeconds")]
    public double? ReferenceSeconds => Reference?.SolveSeconds;

    /// <summary>Peak resident memory of the process, in MB.</summary>
    [JsonPropertyName("memoryPeakMb")]
    public required double MemoryPeakMb { get; init; }

    /// <summary>Seconds spent building the fleets and the default target.</summary>
    [JsonPropertyName("setupSeconds")]
    public required double SetupSeconds { get; init; }

    /// <summary>The prices used.</summary>
    [JsonPropertyName("costs")]
    public required DispatchCosts Costs { get; init; }

    /// <summary>The mix of pack chemistries the vehicles were given.</summary>
    [JsonPropertyName("chemistryMix")]
    public string? ChemistryMix { get; init; }

    /// <summary>The wear price per kWh discharged of each chemistry, by name.</summary>
    [JsonPropertyName("wearPrices")]
    public IReadOnlyDictionary<string, double>? WearPrices { get; init; }

    /// <summary>Uncontrolled charging: every vehicle at full power from arrival.</summary>
    [JsonPropertyName("uncontrolled")]
    public required DispatchMetrics Uncontrolled { get; init; }

    /// <summary>Each operator follows its share of the target, earliest deadline first, without coordination.</summary>
    [JsonPropertyName("earliestDeadlineFirst")]
    public required DispatchMetrics EarliestDeadlineFirst { get; init; }

    /// <summary>The centralized LP, with <c>--reference</c>.</summary>
    [JsonPropertyName("reference")]
    public DispatchMetrics? Reference { get; init; }

    /// <summary>Target per step, kW.</summary>
    [JsonPropertyName("targetKw")]
    public required double[] TargetKw { get; init; }

    /// <summary>The ADMM aggregate per step, kW.</summary>
    [JsonPropertyName("aggregateKw")]
    public required double[] AggregateKw { get; init; }
}

/// <summary>
/// The day as it happens (<c>--online</c>): every step re-planned with the vehicles plugged in (each known from its
/// arrival, with a noisy stated departure) and forecast arrivals, only that step committed.
/// </summary>
public sealed record OnlineFigures
{
    /// <summary>Tracking error of the consortium in receding horizon, its arrivals forecast from the operators' history (<see cref="Forecast"/>).</summary>
    [JsonPropertyName("trackingError")]
    public required double TrackingError { get; init; }

    /// <summary>Tracking error of the plan made with every vehicle known in advance (the bound).</summary>
    [JsonPropertyName("perfectInformationTrackingError")]
    public required double PerfectInformationTrackingError { get; init; }

    /// <summary>
    /// Tracking error of the plan made with every vehicle known in advance under the re-plans' objective (deviation priced
    /// in <see cref="DeviationTiers"/> tiers of <see cref="DeviationTierKw"/>): the bound for the measure the re-plans pursue.
    /// </summary>
    [JsonPropertyName("perfectInformationTieredTrackingError")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PerfectInformationTieredTrackingError { get; init; }

    /// <summary>Tracking error of model-predictive control whose arrivals forecast is one earlier day's (seasonal naive).</summary>
    [JsonPropertyName("mpcNaiveTrackingError")]
    public required double MpcNaiveTrackingError { get; init; }

    /// <summary>Tracking error of uncontrolled charging.</summary>
    [JsonPropertyName("uncontrolledTrackingError")]
    public required double UncontrolledTrackingError { get; init; }

    /// <summary>Steps re-planned.</summary>
    [JsonPropertyName("steps")]
    public required int Steps { get; init; }

    /// <summary>The slowest step's re-plan, in seconds.</summary>
    [JsonPropertyName("maxReplanSeconds")]
    public required double MaxReplanSeconds { get; init; }

    /// <summary>The mean re-plan, in seconds.</summary>
    [JsonPropertyName("meanReplanSeconds")]
    public required double MeanReplanSeconds { get; init; }

    /// <summary>The objective of the consortium in receding horizon.</summary>
    [JsonPropertyName("objective")]
    public required double Objective { get; init; }

    /// <summary>The objective with perfect information.</summary>
    [JsonPropertyName("perfectInformationObjective")]
    public required double PerfectInformationObjective { get; init; }

    /// <summary>The objective of the seasonal-naive MPC.</summary>
    [JsonPropertyName("mpcNaiveObjective")]
    public required double MpcNaiveObjective { get; init; }

    /// <summary>The consortium in receding horizon, measured vehicle by vehicle.</summary>
    [JsonPropertyName("dispatch")]
    public required DispatchMetrics Dispatch { get; init; }

    /// <summary>The seasonal-naive MPC, measured vehicle by vehicle.</summary>
    [JsonPropertyName("mpcNaive")]
    public required DispatchMetrics MpcNaive { get; init; }

    /// <summary>
    /// On a calendar day: tracking error of the consortium with the history alone (the mean of the same weekdays before
    /// at their own level), to show what the federated forecast's level adds.
    /// </summary>
    [JsonPropertyName("historyMeanTrackingError")]
    public double? HistoryMeanTrackingError { get; init; }

    /// <summary>
    /// With <c>--oracle-forecast</c>: tracking error of the same re-plans with the day's own vehicles as the arrivals
    /// forecast, what a perfect arrivals forecast would give (each vehicle plugged in still known only from its arrival).
    /// </summary>
    [JsonPropertyName("oracleForecastTrackingError")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OracleForecastTrackingError { get; init; }

    /// <summary>What the seasonal-naive forecast of the model-predictive control is.</summary>
    [JsonPropertyName("naiveForecast")]
    public string? NaiveForecast { get; init; }

    /// <summary>What the consortium's arrivals forecast is.</summary>
    [JsonPropertyName("forecast")]
    public required string Forecast { get; init; }

    /// <summary>Standard deviation of the stated departures' error, in steps.</summary>
    [JsonPropertyName("departureNoiseSteps")]
    public required double DepartureNoiseSteps { get; init; }

    /// <summary>Tiers of the re-plans' deviation price (1: linear, as the objective's).</summary>
    [JsonPropertyName("deviationTiers")]
    public required int DeviationTiers { get; init; }

    /// <summary>Width of each tier, kW.</summary>
    [JsonPropertyName("deviationTierKw")]
    public required double DeviationTierKw { get; init; }

    /// <summary>Wall-clock budget of each re-plan, seconds.</summary>
    [JsonPropertyName("replanBudgetSeconds")]
    public required double ReplanBudgetSeconds { get; init; }

    /// <summary>Prices each re-plan posts at most.</summary>
    [JsonPropertyName("replanPrices")]
    public required int ReplanPrices { get; init; }
}

/// <summary>The dispatch by price decomposition (<c>--prices</c>): how it did, and the bounds on the LP's optimum it proved.</summary>
public sealed record PriceDecompositionFigures
{
    /// <summary>The realized dispatch, measured vehicle by vehicle (absent for the coordinated dispatch's own exact stage, whose dispatch is the report's).</summary>
    [JsonPropertyName("dispatch")]
    public DispatchMetrics? Dispatch { get; init; }

    /// <summary>The best Lagrangian bound: no dispatch the LP allows costs less.</summary>
    [JsonPropertyName("lowerBound")]
    public required double LowerBound { get; init; }

    /// <summary>The master's objective: what its mix of the operators' answers costs as the LP counts it.</summary>
    [JsonPropertyName("upperBound")]
    public required double UpperBound { get; init; }

    /// <summary>(upper − lower bound) / upper bound.</summary>
    [JsonPropertyName("dualityGap")]
    public required double DualityGap { get; init; }

    /// <summary>(realized objective − lower bound) / realized objective: how far the realized dispatch is at most from the optimum.</summary>
    [JsonPropertyName("realizedGap")]
    public required double RealizedGap { get; init; }

    /// <summary>(realized objective − reference) / reference, with <c>--reference</c>.</summary>
    [JsonPropertyName("optimalityGap")]
    public double? OptimalityGap { get; init; }

    /// <summary>Prices posted.</summary>
    [JsonPropertyName("iterations")]
    public required int Iterations { get; init; }

    /// <summary>Columns (group answers) the master held at the end.</summary>
    [JsonPropertyName("columns")]
    public required int Columns { get; init; }

    /// <summary>Why it stopped: Gap, Optimal, TimeLimit, IterationLimit.</summary>
    [JsonPropertyName("stop")]
    public required string Stop { get; init; }

    /// <summary>Wall-clock seconds in all.</summary>
    [JsonPropertyName("seconds")]
    public required double Seconds { get; init; }

    /// <summary>Of which the operators' answers to prices.</summary>
    [JsonPropertyName("pricingSeconds")]
    public required double PricingSeconds { get; init; }

    /// <summary>Of which the master's solves.</summary>
    [JsonPropertyName("masterSeconds")]
    public required double MasterSeconds { get; init; }

    /// <summary>Of which the realization of the final mix, vehicle by vehicle.</summary>
    [JsonPropertyName("realizeSeconds")]
    public required double RealizeSeconds { get; init; }

    /// <summary>The figures of <paramref name="outcome"/>, whose realized dispatch costs <paramref name="objective"/>.</summary>
    public static PriceDecompositionFigures Of(PriceOutcome outcome, DispatchMetrics? dispatch, double objective, double? optimalityGap)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new PriceDecompositionFigures
        {
            Dispatch = dispatch,
            LowerBound = outcome.LowerBound,
            UpperBound = outcome.UpperBound,
            DualityGap = outcome.Gap,
            RealizedGap = (objective - outcome.LowerBound) / Math.Max(1e-12, Math.Abs(objective)),
            OptimalityGap = optimalityGap,
            Iterations = outcome.Iterations,
            Columns = outcome.Columns,
            Stop = outcome.Stop.ToString(),
            Seconds = outcome.Seconds,
            PricingSeconds = outcome.PricingSeconds,
            MasterSeconds = outcome.MasterSeconds,
            RealizeSeconds = outcome.RealizeSeconds,
        };
    }
}

/// <summary>How one dispatch did.</summary>
public sealed record DispatchMetrics
{
    /// <summary>RMSE of aggregate − target over the mean absolute target.</summary>
    [JsonPropertyName("trackingError")]
    public required double TrackingError { get; init; }

    /// <summary>Largest absolute gap, kW.</summary>
    [JsonPropertyName("maxDeviationKw")]
    public required double MaxDeviationKw { get; init; }

    /// <summary>Vehicles discharged below their floor or filled above capacity.</summary>
    [JsonPropertyName("socFloorViolations")]
    public required int SocFloorViolations { get; init; }

    /// <summary>Vehicles outside their charger limits, discharging without V2G, or powered while away.</summary>
    [JsonPropertyName("powerLimitViolations")]
    public required int PowerLimitViolations { get; init; }

    /// <summary>Operator-steps above the site limit.</summary>
    [JsonPropertyName("siteLimitViolations")]
    public required int SiteLimitViolations { get; init; }

    /// <summary>Energy missing at departure, kWh.</summary>
    [JsonPropertyName("departureShortfallKWh")]
    public required double DepartureShortfallKwh { get; init; }

    /// <summary>Energy discharged to the grid, kWh.</summary>
    [JsonPropertyName("dischargedKWh")]
    public required double DischargedKwh { get; init; }

    /// <summary>Jain's index of discharge relative to each V2G vehicle's flexibility.</summary>
    [JsonPropertyName("jainFairness")]
    public required double JainFairness { get; init; }

    /// <summary>The objective (see <see cref="DispatchCosts"/>).</summary>
    [JsonPropertyName("objective")]
    public required double Objective { get; init; }

    /// <summary>Energy each chemistry's packs discharged and its wear cost (absent from reports written before chemistries).</summary>
    [JsonPropertyName("wearByChemistry")]
    public IReadOnlyList<ChemistryWearFigures>? WearByChemistry { get; init; }

    /// <summary>Iterations (1 for the baselines and the reference).</summary>
    [JsonPropertyName("iterations")]
    public required int Iterations { get; init; }

    /// <summary>Whether the iterations met their tolerances.</summary>
    [JsonPropertyName("converged")]
    public required bool Converged { get; init; }

    /// <summary>Wall-clock seconds.</summary>
    [JsonPropertyName("solveSeconds")]
    public required double SolveSeconds { get; init; }

    /// <summary>The metrics of a measured dispatch, with its objective under <paramref name="costs"/>.</summary>
    public static DispatchMetrics Of(DispatchResult result, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(costs);
        return new DispatchMetrics
        {
            TrackingError = result.TrackingError,
            MaxDeviationKw = result.MaxDeviationKw,
            SocFloorViolations = result.SocFloorViolations,
            PowerLimitViolations = result.PowerLimitViolations,
            SiteLimitViolations = result.SiteLimitViolations,
            DepartureShortfallKwh = result.DepartureShortfallKwh,
            DischargedKwh = result.DischargedKwh,
            JainFairness = result.DischargeFairness,
            Objective = result.Objective(costs),
            WearByChemistry = DispatchObjective.WearByChemistry(result.Request.Fleets, result.Schedules, costs)
                .Select(w => new ChemistryWearFigures(WearPriceBook.ChemistryName(w.Chemistry), w.Vehicles, w.DischargedKwh, w.WearCost))
                .ToArray(),
            Iterations = result.Iterations,
            Converged = result.Converged,
            SolveSeconds = result.SolveSeconds,
        };
    }
}

/// <summary>The request checked against the operators' summed day-ahead offers (<c>--offer</c>).</summary>
public sealed record OfferFigures
{
    /// <summary>Days of each operator's history its offer was drawn from.</summary>
    [JsonPropertyName("days")]
    public required int Days { get; init; }

    /// <summary>The check's confidence: power within the (1 − confidence) band, energy within the median's.</summary>
    [JsonPropertyName("confidence")]
    public required double Confidence { get; init; }

    /// <summary>Whether the request lies within the offer at every step.</summary>
    [JsonPropertyName("within")]
    public required bool Within { get; init; }

    /// <summary>The smallest distance from the request to a power bound, kW (negative where it leaves the offer).</summary>
    [JsonPropertyName("powerMarginKw")]
    public required double PowerMarginKw { get; init; }

    /// <summary>The smallest distance from the request's energy to an energy bound, kWh (negative where it leaves the offer).</summary>
    [JsonPropertyName("energyMarginKwh")]
    public required double EnergyMarginKwh { get; init; }

    /// <summary>Steps where the request leaves the offer.</summary>
    [JsonPropertyName("shortfallSteps")]
    public required int ShortfallSteps { get; init; }

    /// <summary>The first few shortfalls, in words.</summary>
    [JsonPropertyName("shortfalls")]
    public required IReadOnlyList<string> Shortfalls { get; init; }

    /// <summary>The offer's peak charge power at its 10 % quantile, kW.</summary>
    [JsonPropertyName("peakChargeKwP10")]
    public required double PeakChargeKwP10 { get; init; }

    /// <summary>The offer's peak discharge power at its 10 % quantile, kW.</summary>
    [JsonPropertyName("peakDischargeKwP10")]
    public required double PeakDischargeKwP10 { get; init; }
}

/// <summary>The consortium's forecast of a calendar day's energy at the operators' sites (<c>--date</c>).</summary>
public sealed record DayForecastFigures
{
    /// <summary>What the forecast is.</summary>
    [JsonPropertyName("forecast")]
    public required string Forecast { get; init; }

    /// <summary>The federated forecast of the day's energy, all operators, kWh.</summary>
    [JsonPropertyName("forecastKwh")]
    public required double ForecastKwh { get; init; }

    /// <summary>The mean of the same weekdays before, kWh.</summary>
    [JsonPropertyName("historyMeanKwh")]
    public required double HistoryMeanKwh { get; init; }

    /// <summary>The mean of the model's own forecasts of those same weekdays, kWh (the base of the levels).</summary>
    [JsonPropertyName("modelHistoryKwh")]
    public required double ModelHistoryKwh { get; init; }

    /// <summary>What the operators' sites took that day, kWh.</summary>
    [JsonPropertyName("actualKwh")]
    public required double ActualKwh { get; init; }

    /// <summary>
    /// Each operator's level: its forecast of the day over the model's forecasts of the same weekdays before (the factor on
    /// its arrivals forecast).
    /// </summary>
    [JsonPropertyName("levels")]
    public required IReadOnlyDictionary<string, double> Levels { get; init; }
}

