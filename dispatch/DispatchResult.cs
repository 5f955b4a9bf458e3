using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch;

/// <summary>
/// The outcome of a dispatch: the schedules, how well their aggregate tracks the target, and what a
/// vehicle-by-vehicle replay of the setpoints finds against the hard constraints.
/// </summary>
public sealed class DispatchResult
{
    /// <summary>Tolerance of the replay checks, in kW and kWh (setpoints are stored as 32-bit floats).</summary>
    public const double CheckTolerance = 1e-3;

    private DispatchResult(FleetRequest request, IReadOnlyList<FleetSchedule> schedules, int iterations, bool converged, double solveSeconds)
    {
        Request = request;
        Schedules = schedules;
        Iterations = iterations;
        Converged = converged;
        SolveSeconds = solveSeconds;
        AggregateKw = new double[request.HorizonSteps];
        TrackingGapKw = new double[request.HorizonSteps];
    }

    /// <summary>The request served.</summary>
    public FleetRequest Request { get; }

    /// <summary>One schedule per operator, in the order of <see cref="FleetRequest.Fleets"/>.</summary>
    public IReadOnlyList<FleetSchedule> Schedules { get; }

    /// <summary>Aggregate power of all fleets per step, in kW.</summary>
    public double[] AggregateKw { get; }

    /// <summary>Target minus aggregate per step, in kW: what the fleets did not deliver (negative when they drew more).</summary>
    public double[] TrackingGapKw { get; }

    /// <summary>Root mean square of aggregate − target over the mean absolute target (NaN when the target is all zero).</summary>
    public double TrackingError { get; private set; }

    /// <summary>Largest absolute gap between aggregate and target at any step, in kW.</summary>
    public double MaxDeviationKw { get; private set; }

    /// <summary>Vehicles whose battery went below its floor while discharging, or above capacity.</summary>
    public int SocFloorViolations { get; private set; }

    /// <summary>Vehicles with a setpoint outside their charger limits, a discharge without V2G, or power while not plugged in.</summary>
    public int PowerLimitViolations { get; private set; }

    /// <summary>Operator-steps where the aggregate exceeded the site limit.</summary>
    public int SiteLimitViolations { get; private set; }

    /// <summary>Energy still missing at departure, summed over vehicles, in kWh.</summary>
    public double DepartureShortfallKwh { get; private set; }

    /// <summary>Vehicles that left with less than they needed (beyond the check tolerance).</summary>
    public int ShortVehicles { get; private set; }

    /// <summary>Energy discharged to the grid, in kWh.</summary>
    public double DischargedKwh { get; private set; }

    /// <summary>
    /// Jain's index (Σx)²/(n·Σx²) over V2G vehicles of x = kWh discharged / (discharge limit · hours plugged in);
    /// 1 is perfectly even, 1/n is one vehicle doing all. 1 when nothing was discharged.
    /// </summary>
    public double DischargeFairness { get; private set; }

    /// <summary>ADMM iterations (1 for the baselines).</summary>
    public int Iterations { get; }

    /// <summary>Whether the residuals met the tolerances (always true for the baselines).</summary>
    public bool Converged { get; }

    /// <summary>How the coordinator got there (for a coordinated dispatch; null for baselines and the reference).</summary>
    public CoordinatedDispatch? Coordination { get; internal set; }

    /// <summary>Wall-clock seconds of the solve.</summary>
    public double SolveSeconds { get; }

    /// <summary>
    /// The objective of <see cref="DispatchCosts"/> for these schedules: deviation, wear and shortfall costs from the
    /// vehicle-by-vehicle replay.
    /// </summary>
    public double Objective(DispatchCosts costs) => DispatchObjective.Evaluate(Request, Schedules, costs).Total;

    /// <summary>Replays the schedules vehicle by vehicle and measures tracking and constraint adherence.</summary>
    public static DispatchResult Measure(FleetRequest request, IReadOnlyList<FleetSchedule> schedules, int iterations, bool converged, double solveSeconds)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count != request.Fleets.Count)
        {
            throw new ArgumentException($"Expected {request.Fleets.Count} schedules, one per fleet, but got {schedules.Count}.", nameof(schedules));
        }

        var result = new DispatchResult(request, schedules, iterations, converged, solveSeconds);
        var fairSum = 0.0;
        var fairSquares = 0.0;
        var fairCount = 0;
        foreach (var schedule in schedules)
        {
            result.Replay(schedule, ref fairSum, ref fairSquares, ref fairCount);
        }

        var squares = 0.0;
        var absTarget = 0.0;
        for (var t = 0; t < request.HorizonSteps; t++)
        {
            var gap = request.TargetKw[t] - result.AggregateKw[t];
            result.TrackingGapKw[t] = gap;
            squares += gap * gap;
            absTarget += Math.Abs(request.TargetKw[t]);
            result.MaxDeviationKw = Math.Max(result.MaxDeviationKw, Math.Abs(gap));
        }

        var meanAbs = absTarget / request.HorizonSteps;
        result.TrackingError = meanAbs > 0 ? Math.Sqrt(squares / request.HorizonSteps) / meanAbs : double.NaN;
        result.DischargeFairness = fairSquares > 0 ? fairSum * fairSum / (fairCount * fairSquares) : 1;
        return result;
    }

    private void Replay(FleetSchedule schedule, ref double fairSum, ref double fairSquares, ref int fairCount)
    {
        var fleet = schedule.Fleet;
        var n = fleet.Count;
        const double dt = FleetRequest.StepHours;
        var energy = new double[n];
        var discharged = new double[n];
        var socBroken = new bool[n];
        var powerBroken = new bool[n];
        for (var i = 0; i < n; i++)
        {
            energy[i] = fleet.ArrivalEnergyKwh(i);
        }

        for (var t = 0; t < schedule.HorizonSteps; t++)
        {
            var step = schedule.Step(t);
            var fleetTotal = 0.0;
            for (var i = 0; i < n; i++)
            {
                double p = step[i];
                fleetTotal += p;
                var present = fleet.Arrival[i] <= t && t < fleet.Departure[i];
                if ((!present && p != 0) || p > fleet.MaxChargeKw[i] + CheckTolerance || -p > fleet.MaxDischargeKw[i] + CheckTolerance)
                {
                    powerBroken[i] = true;
                }

                if (p >= 0)
                {
                    energy[i] += p * fleet.ChargeEfficiency[i] * dt;
                }
                else
                {
                    energy[i] += p / fleet.DischargeEfficiency[i] * dt;
                    discharged[i] -= p * dt;
                    if (energy[i] < fleet.FloorEnergyKwh(i) - CheckTolerance)
                    {
                        socBroken[i] = true;
                    }
                }

                if (energy[i] > fleet.CapacityKwh[i] + CheckTolerance)
                {
                    socBroken[i] = true;
                }
            }

            AggregateKw[t] += fleetTotal;
            if (Math.Abs(fleetTotal) > fleet.SiteLimitKw * (1 + 1e-9) + CheckTolerance)
            {
                SiteLimitViolations++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var missing = fleet.RequiredEnergyKwh(i) - energy[i];
            if (missing > 0)
            {
                DepartureShortfallKwh += missing;
                if (missing > CheckTolerance)
                {
                    ShortVehicles++;
                }
            }

            SocFloorViolations += socBroken[i] ? 1 : 0;
            PowerLimitViolations += powerBroken[i] ? 1 : 0;
            DischargedKwh += discharged[i];
            if (fleet.MaxDischargeKw[i] > 0)
            {
                var flexibility = fleet.MaxDischargeKw[i] * (fleet.Departure[i] - fleet.Arrival[i]) * dt;
                var x = discharged[i] / flexibility;
                fairSum += x;
                fairSquares += x * x;
                fairCount++;
            }
        }
    }
}
