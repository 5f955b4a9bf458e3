using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Online;

/// <summary>
/// One operator's day as it happens, held by the operator alone: its real vehicles, each known only from the step it
/// plugs in (with the departure its driver states, off by a noise, and the energy it needs), its own forecast of later
/// arrivals, and what it has committed so far. Each step it gives the residual day its planner sees
/// (<see cref="Residual"/>), then moves its plugged-in batteries by the first step of the plan (<see cref="Commit"/>).
/// </summary>
public sealed class OnlineFleet
{
    private readonly Fleet _truth;
    private readonly Fleet? _forecast;
    private readonly int _steps;
    private readonly int[] _stated;
    private readonly double[] _energy;
    private readonly List<int> _present = [];
    private int _step = -1;

    /// <summary>The operator's day of <paramref name="steps"/> steps, the stated departures drawn from <paramref name="random"/>.</summary>
    /// <param name="truth">The vehicles that will really plug in (the operator learns each at its arrival).</param>
    /// <param name="forecast">The vehicles the operator expects, as pseudo-vehicles (only those arriving after the current step are planned), or null.</param>
    /// <param name="steps">Steps of the day.</param>
    /// <param name="options">The noise on stated departures and the planner's margin.</param>
    /// <param name="random">Draws the errors on stated departures, vehicle by vehicle.</param>
    public OnlineFleet(Fleet truth, Fleet? forecast, int steps, OnlineOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _truth = truth;
        _forecast = forecast;
        _steps = steps;
        _stated = new int[truth.Count];
        _energy = new double[truth.Count];
        Schedule = new FleetSchedule(truth, steps);
        for (var i = 0; i < truth.Count; i++)
        {
            _energy[i] = truth.ArrivalEnergyKwh(i);
            if (truth.Departure[i] >= steps)
            {
                // Staying past the horizon (overnight): the driver says so, and the day's end is the deadline.
                _stated[i] = steps;
                continue;
            }

            // The driver states a departure off by a normal error of the stated spread, rounded to steps. The planner
            // aims to be done a margin before it, but never so early that the stated stay could have delivered the need
            // at full power and the shortened one cannot.
            var error = (int)Math.Round(options.DepartureNoiseSteps * Gaussian(random));
            var statedDeparture = Math.Clamp(truth.Departure[i] + error, truth.Arrival[i] + 1, steps);
            var fullPower = truth.MaxChargeKw[i] * truth.ChargeEfficiency[i] * FleetRequest.StepHours;
            var stepsNeeded = fullPower > 0 ? (int)Math.Ceiling(truth.EnergyNeededKwh[i] / fullPower) : 0;
            var earliest = Math.Min(statedDeparture, truth.Arrival[i] + Math.Max(1, stepsNeeded));
            _stated[i] = Math.Max(earliest, statedDeparture - options.Margin);
        }
    }

    /// <summary>What was committed so far, over the real vehicles.</summary>
    public FleetSchedule Schedule { get; }

    /// <summary>Vehicles plugged in at the step of the last <see cref="Residual"/>.</summary>
    public int PluggedIn => _present.Count;

    /// <summary>The operator's site limit.</summary>
    public double SiteLimitKw => _truth.SiteLimitKw;

    /// <summary>
    /// The day from step <paramref name="k"/> as the planner sees it, steps counted from k: the vehicles plugged in now
    /// (arrived, not gone by their stated nor their real departure) from their present energy, first, then the forecast's
    /// later arrivals.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A step outside the day.</exception>
    public Fleet Residual(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, _steps);
        _step = k;
        _present.Clear();
        for (var i = 0; i < _truth.Count; i++)
        {
            if (_truth.Arrival[i] <= k && k < _stated[i] && k < _truth.Departure[i])
            {
                _present.Add(i);
            }
        }

        var later = new List<int>();
        if (_forecast is { } forecast)
        {
            for (var j = 0; j < forecast.Count; j++)
            {
                if (forecast.Arrival[j] > k && forecast.Arrival[j] < _steps)
                {
                    later.Add(j);
                }
            }
        }

        var rows = new FleetRows(_present.Count + later.Count);
        foreach (var i in _present)
        {
            var soc = Math.Clamp(_energy[i] / _truth.CapacityKwh[i], 0, 1);
            rows.Add(_truth, i, 0, _stated[i] - k, soc, Math.Max(0, _truth.RequiredEnergyKwh(i) - _energy[i]));
        }

        foreach (var j in later)
        {
            rows.Add(_forecast!, j, _forecast!.Arrival[j] - k, Math.Min(_forecast.Departure[j], _steps) - k, _forecast.ArrivalSoc[j], _forecast.EnergyNeededKwh[j]);
        }

        return rows.Build(_truth.SiteLimitKw);
    }

    /// <summary>
    /// Commits the first step of <paramref name="plan"/> (a schedule of the last <see cref="Residual"/>) for the vehicles
    /// really plugged in, moves their batteries, and returns their aggregate power at the step, kW.
    /// </summary>
    /// <exception cref="InvalidOperationException">The plan is not of the last residual, or step <paramref name="k"/> is not its step.</exception>
    public double Commit(int k, FleetSchedule plan)
    {
        var setpoints = FirstStep(k, plan);
        _step = -1;
        return Replay(k, setpoints);
    }

    /// <summary>
    /// The first step of <paramref name="plan"/> (a schedule of the last <see cref="Residual"/>, at step
    /// <paramref name="k"/>) as setpoints of the real vehicles, zero for those not plugged in: what <see cref="Commit"/>
    /// would set, to keep before committing it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The plan is not of the last residual, or step <paramref name="k"/> is not its step.</exception>
    public float[] FirstStep(int k, FleetSchedule plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (k != _step || plan.Fleet.Count < _present.Count)
        {
            throw new InvalidOperationException($"Step {k} commits a plan of {plan.Fleet.Count} vehicles; the residual of step {_step} has {_present.Count} plugged in.");
        }

        var first = plan.Step(0);
        var setpoints = new float[_truth.Count];
        for (var r = 0; r < _present.Count; r++)
        {
            setpoints[_present[r]] = first[r];
        }

        return setpoints;
    }

    /// <summary>
    /// Sets step <paramref name="k"/> to <paramref name="setpoints"/> (one per real vehicle, as <see cref="FirstStep"/>
    /// gives them), moves the batteries of the vehicles plugged in, and returns their aggregate power, kW: a step
    /// committed, or one committed before a restart played again, in order from step 0.
    /// </summary>
    /// <exception cref="InvalidDataException">The setpoints are not one per vehicle, or one is set for a vehicle not plugged in at the step.</exception>
    public double Replay(int k, ReadOnlySpan<float> setpoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, _steps);
        if (setpoints.Length != _truth.Count)
        {
            throw new InvalidDataException($"Step {k}'s setpoints are {setpoints.Length}; the fleet has {_truth.Count} vehicles.");
        }

        var committed = Schedule.Step(k);
        var aggregate = 0.0;
        for (var i = 0; i < _truth.Count; i++)
        {
            double power = setpoints[i];
            if (!(_truth.Arrival[i] <= k && k < _stated[i] && k < _truth.Departure[i]))
            {
                if (power != 0)
                {
                    throw new InvalidDataException($"Step {k} sets vehicle {i} to {power} kW, but it is not plugged in at that step.");
                }

                continue;
            }

            committed[i] = (float)power;
            aggregate += power;
            _energy[i] += power >= 0
                ? power * _truth.ChargeEfficiency[i] * FleetRequest.StepHours
                : power / _truth.DischargeEfficiency[i] * FleetRequest.StepHours;
        }

        return aggregate;
    }

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
