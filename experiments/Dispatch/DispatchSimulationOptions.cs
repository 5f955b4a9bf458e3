using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;

namespace Consortium.Experiments.Dispatch;

/// <summary>What <c>dispatch simulate</c> runs.</summary>
/// <param name="Operators">Number of operators the vehicles are split across.</param>
/// <param name="Vehicles">Vehicles in total.</param>
/// <param name="HorizonSteps">15-minute steps (96 is a day).</param>
/// <param name="Reference">Whether to solve the centralized LP reference too (a few thousand vehicles at most).</param>
/// <param name="Request">A grid party's request to serve instead of the default one (checked by the caller: signature,
/// signer, shape), with a line saying where it came from.</param>
/// <param name="Seed">Seed of the fleets.</param>
/// <param name="ShaveShare">Share of the evening flexibility the default request asks for.</param>
/// <param name="Costs">Prices of the objective.</param>
/// <param name="PlotPath">Where to draw target, dispatch and baselines (PNG), or null.</param>
/// <param name="SyntheticFleets">Draw fleets from <see cref="FleetGenerator"/> instead of the bundled session data.</param>
/// <param name="FlatLevel">When set, the made-up request is flat at this multiple of the mean uncontrolled load
/// (<see cref="DispatchTargets.Flat"/>) instead of the shaved peak; the same as <see cref="RequestFamily"/> flat.</param>
/// <param name="RefineSeconds">Time budget of the coordinator's exact stage (<see cref="DispatchOptions.RefineSeconds"/>).</param>
/// <param name="ExactVehicleLimit">Largest fleet an operator re-plans exactly (<see cref="LocalFleetOperator.ExactVehicleLimit"/>).</param>
/// <param name="Chemistries">The mix of pack chemistries the vehicles are given; <see cref="ChemistryMix.Default"/> when null.</param>
public sealed record DispatchSimulationOptions(
    int Operators,
    int Vehicles,
    int HorizonSteps = FleetGenerator.DaySteps,
    bool Reference = false,
    (DispatchTarget Target, string Description)? Request = null,
    int Seed = 1,
    double ShaveShare = 0.25,
    DispatchCosts? Costs = null,
    string? PlotPath = null,
    bool SyntheticFleets = false,
    double? FlatLevel = null,
    double RefineSeconds = 10,
    int ExactVehicleLimit = LocalFleetOperator.DefaultExactVehicleLimit,
    ChemistryMix? Chemistries = null)
{
    /// <summary>
    /// The grid party's request family (<see cref="GridRequestShapes.Families"/>) the made-up request is built from, or
    /// null (and "default") for the fleets' shaved evening peak.
    /// </summary>
    public string? RequestFamily { get; init; }

    /// <summary>The family's level (<see cref="GridRequestShapes.DefaultLevel"/> when null).</summary>
    public double? RequestLevel { get; init; }

    /// <summary>
    /// Whether to dispatch by price decomposition too (<see cref="Consortium.Dispatch.Exact.PriceDecomposition"/>): the
    /// operators answer prices vehicle by vehicle, a master mixes their group aggregates, and the bounds certify the gap
    /// to the LP at any fleet size.
    /// </summary>
    public bool Prices { get; init; }

    /// <summary>
    /// Whether to run the day as it happens too (<see cref="Consortium.Dispatch.Online.RecedingHorizon"/>): re-plans every
    /// step with the vehicles plugged in and forecast arrivals, against perfect information, uncontrolled charging and
    /// model-predictive control with a seasonal-naive forecast.
    /// </summary>
    public bool Online { get; init; }

    /// <summary>
    /// Whether to check the request against the operators' day-ahead offers too
    /// (<see cref="Consortium.Dispatch.DayAhead.FlexibilityForecast"/>): each operator's flexibility by quantile over
    /// <see cref="OfferDays"/> other days of its own draw, summed, and the request checked at 90 %.
    /// </summary>
    public bool Offer { get; init; }

    /// <summary>
    /// A real calendar day of the bundled sessions to dispatch (<c>--date</c>), or null to draw a day from the sessions'
    /// profile. On a calendar day the operators' history is the same weekdays before it (<see cref="CalendarHistory"/>),
    /// and the made-up request is shaped from the consortium's forecast of the day, not from the day.
    /// </summary>
    public DateOnly? Date { get; init; }

    /// <summary>Rounds of the federated load forecast trained for a calendar day (<c>--date</c>).</summary>
    public int ForecastRounds { get; init; } = 20;

    /// <summary>Days of each operator's history its day-ahead offer is drawn from (<c>--offer</c>).</summary>
    public int OfferDays { get; init; } = 10;

    /// <summary>Days of the operators' history the consortium's arrival forecast averages (<c>--online</c>).</summary>
    public int OnlineForecastDays { get; init; } = 4;

    /// <summary>
    /// Whether to run the day as it happens once more with the day's own vehicles as the arrivals forecast (<c>--oracle-forecast</c>):
    /// what a perfect forecast of the arrivals would give, the vehicles plugged in still known only from their arrival
    /// with their stated departures.
    /// </summary>
    public bool OracleForecast { get; init; }

    /// <summary>Standard deviation of the error on each stated departure, in steps (<c>--online</c>).</summary>
    public double DepartureNoiseSteps { get; init; } = 2;

    /// <summary>Wall-clock budget of each step's re-plan, in seconds (<c>--online</c>).</summary>
    public double ReplanSeconds { get; init; } = 5;

    /// <summary>
    /// Prices each step's re-plan posts at most (<c>--online</c>): with a budget of time too long to reach, it makes the
    /// day the same on any machine and under any load.
    /// </summary>
    public int ReplanPrices { get; init; } = PriceDecompositionOptions.Default.MaxIterations;

    /// <summary>How the coordinator's exact stage improves on the clearing (<see cref="DispatchOptions.ExactMethod"/>).</summary>
    public ExactMethod ExactMethod { get; init; } = ExactMethod.Prices;

    /// <summary>Wall-clock budget of the price decomposition, in seconds.</summary>
    public double PriceSeconds { get; init; } = 120;

    /// <summary>The relative gap between its bounds at which the price decomposition stops.</summary>
    public double PriceGap { get; init; } = 1e-3;

    /// <summary>The request made up for these fleets when none is given, and a line saying what it is.</summary>
    public (double[] TargetKw, string Description) MakeTarget(IReadOnlyList<Fleet> fleets)
    {
        if (FlatLevel is not null && RequestFamily is not (null or "default" or "flat"))
        {
            throw new ArgumentException($"A flat level and a {RequestFamily} request at once: give --request {RequestFamily} with --level, or --flat alone.", nameof(FlatLevel));
        }

        var family = FlatLevel is not null ? "flat" : RequestFamily ?? "default";
        if (family != "default")
        {
            var level = FlatLevel ?? RequestLevel ?? GridRequestShapes.DefaultLevel(family);
            return (DispatchTargets.Shaped(fleets, HorizonSteps, family, level), GridRequestShapes.Describe(family, level));
        }

        return (DispatchTargets.ShavePeakFillValley(fleets, HorizonSteps, ShaveShare),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"default: evening peak shaved (no charging beyond need 17:00-21:00, V2G exporting {ShaveShare:P0} of their limit), night valley filled"));
    }

    /// <summary>Most vehicles <c>--reference</c> accepts: the LP grows with vehicles × steps.</summary>
    public const int MaxReferenceVehicles = 20_000;
}
