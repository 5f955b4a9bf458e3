using System.Diagnostics;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch;

/// <summary>The centralized reference dispatch: one linear programme over every vehicle of every operator.</summary>
/// <param name="Objective">J of <see cref="DispatchCosts"/> evaluated by <see cref="DispatchObjective.Evaluate"/> on <see cref="Schedules"/>.</param>
/// <param name="LpObjective">The objective value GLOP reports for its own solution, before setpoints are stored as floats.</param>
/// <param name="Schedules">One schedule per operator, in the order of <see cref="FleetRequest.Fleets"/>; each setpoint is charge − discharge.</param>
/// <param name="Seconds">Wall-clock seconds of the whole call: building the model, solving it, reading the solution and evaluating it.</param>
/// <param name="SolverSeconds">Wall-clock seconds GLOP spent solving.</param>
/// <param name="Status">The solver's result status; always OPTIMAL, since any other status throws.</param>
/// <param name="Variables">Number of LP variables.</param>
/// <param name="Constraints">Number of LP constraints.</param>
/// <param name="Iterations">Simplex iterations.</param>
/// <param name="SimultaneousChargeDischargeSteps">Vehicle-steps at which the solution both charges and discharges (each above 1e-6 kW).</param>
public sealed record ReferenceDispatch(
    DispatchObjectiveValue Objective,
    double LpObjective,
    IReadOnlyList<FleetSchedule> Schedules,
    double Seconds,
    double SolverSeconds,
    string Status,
    int Variables,
    int Constraints,
    long Iterations,
    int SimultaneousChargeDischargeSteps)
{
    /// <summary>Replays the schedules vehicle by vehicle against the hard constraints (see <see cref="DispatchResult.Measure"/>).</summary>
    public DispatchResult Measure(FleetRequest request) => DispatchResult.Measure(request, Schedules, 1, true, Seconds);
}

/// <summary>
/// Solves the dispatch objective of <see cref="DispatchCosts"/> exactly, as one linear programme over all vehicles,
/// with Google OR-Tools' GLOP simplex solver. It needs every vehicle's data in one place, which the consortium's operators
/// do not share; it exists to measure how far the distributed coordinator is from the optimum.
/// </summary>
/// <remarks>
/// <para>The programme, with Δt = <see cref="FleetRequest.StepHours"/> and t over the steps vehicle i is plugged in:</para>
/// <list type="bullet">
/// <item>charge cᵢₜ ∈ [0, MaxChargeKw] and, for V2G vehicles only, discharge dᵢₜ ∈ [0, MaxDischargeKw];</item>
/// <item>battery energy after each step eᵢₜ = eᵢ,ₜ₋₁ + Δt (ηc cᵢₜ − dᵢₜ / ηd), starting from the arrival energy, kept in
/// [<see cref="Fleet.FloorEnergyKwh"/>, capacity], as one variable and one equality per vehicle-step;</item>
/// <item>shortfall sᵢ ≥ 0 with eᵢ at departure + sᵢ ≥ <see cref="Fleet.RequiredEnergyKwh"/>;</item>
/// <item>operator aggregate aₒₜ = Σᵢ (cᵢₜ − dᵢₜ) ∈ [−SiteLimitKw, SiteLimitKw] (unbounded when the limit is infinite);</item>
/// <item>deviation dev⁺ₜ, dev⁻ₜ ≥ 0 with Σₒ aₒₜ − Tₜ = dev⁺ₜ − dev⁻ₜ;</item>
/// <item>minimise Σₜ Δt · penalty · (dev⁺ₜ + dev⁻ₜ) + Σᵢₜ Δt · wear · dᵢₜ + Σᵢ shortfall · sᵢ.</item>
/// </list>
/// <para>The slack variables make every request feasible, so any status but OPTIMAL is reported as an error.</para>
/// <para>
/// GLOP runs its dual simplex with cost perturbation (<c>perturb_costs_in_dual_simplex</c>) and presolve on. The programme
/// is highly degenerate (many schedules reach the same cost), and on generated fleets (10 operators, 96 steps) the
/// perturbation cut dual simplex iterations 20-fold at 2 000 vehicles and 90-fold at 5 000, making it 2.5 to 4 times
/// faster than GLOP's primal simplex; without presolve it was about 30 times slower. Energy is carried by explicit
/// variables rather than as cumulative sums of the setpoints, which need O(stay²) nonzeros per vehicle and took about
/// a quarter more time to build and solve.
/// </para>
/// <para>
/// Charging and discharging one vehicle in the same step is allowed by the programme and burns energy
/// (ηc·c − d/ηd of battery energy for c − d of grid power). The schedule stores only c − d, which replays to more battery
/// energy than the programme assumed, so a solution that burns can overfill batteries on replay and its
/// <see cref="ReferenceDispatch.Objective"/> departs from <see cref="ReferenceDispatch.LpObjective"/>. Burning costs
/// wear on d and saves at most penalty · (1/(ηc·ηd) − 1) per kWh of d in deviation: 0.156 per kWh with the default
/// penalty of 1 and 93 % efficiencies, above the default wear of 0.05. So wherever a target asks for more import than the
/// batteries can hold, the optimum burns (393 vehicle-steps on 400 vehicles asked for a flat 1.5 times their mean
/// uncontrolled load); on the default requests of 500 to 5 000 vehicles it never did.
/// <see cref="ReferenceDispatch.SimultaneousChargeDischargeSteps"/> reports it on every solve; the LP is then a relaxation
/// and <see cref="ReferenceDispatch.LpObjective"/> a lower bound on any dispatch chargers can follow.
/// </para>
/// </remarks>
public static class DispatchReference
{
    /// <summary>Setpoints at or below this many kW count as zero when looking for simultaneous charge and discharge.</summary>
    public const double ActivityThresholdKw = 1e-6;

    /// <summary>Builds and solves the programme over all fleets of the request.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="timeLimit">Wall-clock limit for GLOP; none when null.</param>
    /// <exception cref="InvalidOperationException">GLOP did not prove a solution optimal: NOT_SOLVED when the time limit ran out,
    /// ABNORMAL on numerical trouble, INFEASIBLE or UNBOUNDED only through a modelling bug. The message names the status.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time limit is zero or negative.</exception>
    public static ReferenceDispatch Solve(FleetRequest request, DispatchCosts costs, TimeSpan? timeLimit = null) =>
        Solve(request, costs, timeLimit, ReferenceModelOptions.Default);

    /// <summary>
    /// One operator's exact re-plan (see <see cref="IFleetOperator.RefineAsync"/>): the schedule of <paramref name="fleet"/>
    /// minimising its wear and shortfall plus <paramref name="deviation"/> on aggregate − need, as one linear programme.
    /// </summary>
    public static FleetSchedule Replan(Fleet fleet, double[] needKw, DeviationPricing deviation, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(needKw);
        ArgumentNullException.ThrowIfNull(deviation);
        var request = new FleetRequest(needKw.Length, needKw, [fleet]);
        return Solve(request, costs, null, ReferenceModelOptions.Default with { Deviation = deviation }).Schedules[0];
    }

    /// <summary>
    /// One operator's re-plans, kept in one GLOP model whose profile and deviation price change between calls, so that
    /// each solve starts from the last one's basis rather than from scratch.
    /// </summary>
    public sealed class Replanner : IDisposable
    {
        /// <summary>Most pieces a deviation price may have here (the ADMM phase's quadratic uses 24).</summary>
        public const int MaxPieces = 24;

        private readonly Solver _solver;
        private readonly ReferenceModel _model;
        private readonly MPSolverParameters _parameters;
        private readonly int _steps;
        private readonly DispatchCosts _costs;
        private double _wear;
        private bool _solved;

        /// <summary>Builds the model over the fleet's vehicles.</summary>
        public Replanner(Fleet fleet, int horizonSteps, DispatchCosts costs)
        {
            ArgumentNullException.ThrowIfNull(fleet);
            ArgumentNullException.ThrowIfNull(costs);
            costs.Validate();
            _steps = horizonSteps;
            var options = ReferenceModelOptions.Default with { DeviationPieces = MaxPieces };
            _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools could not create a GLOP solver.");
            if (!_solver.SetSolverSpecificParametersAsString(options.GlopParameters))
            {
                throw new InvalidOperationException($"GLOP rejected the parameters '{options.GlopParameters}'.");
            }

            _model = new ReferenceModel(_solver, new FleetRequest(horizonSteps, new double[horizonSteps], [fleet]), costs, options);
            _costs = costs;
            _wear = costs.WearCostPerKwh;
            _parameters = new MPSolverParameters();
            _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)options.Algorithm);
            _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        }

        /// <summary>
        /// The schedule minimising wear and shortfall plus <paramref name="deviation"/> on aggregate − <paramref name="profileKw"/>;
        /// with <paramref name="wearCostPerKwh"/>, wear is priced at that instead of the model's own price (and stays so
        /// until another call sets it).
        /// </summary>
        public FleetSchedule Replan(double[] profileKw, DeviationPricing deviation, double? wearCostPerKwh = null)
        {
            ArgumentNullException.ThrowIfNull(profileKw);
            ArgumentNullException.ThrowIfNull(deviation);
            if (profileKw.Length != _steps)
            {
                throw new ArgumentException($"Expected {_steps} values, one per step, but got {profileKw.Length}.", nameof(profileKw));
            }

            var wear = wearCostPerKwh ?? _costs.WearCostPerKwh;
            if (wear != _wear)
            {
                _model.SetWear(_solver.Objective(), wear);
                _wear = wear;
            }

            _model.SetDeviation(_solver.Objective(), profileKw, deviation);

            // The first solve has no basis to start from, and presolve makes it several times faster (0.1 s against 1.5 s
            // at 200 vehicles); later ones start from the last basis, which presolve would throw away.
            _parameters.SetIntegerParam(
                MPSolverParameters.IntegerParam.PRESOLVE,
                (int)(_solved ? MPSolverParameters.PresolveValues.PRESOLVE_OFF : MPSolverParameters.PresolveValues.PRESOLVE_ON));
            _solved = true;
            var status = _solver.Solve(_parameters);
            if (status != Solver.ResultStatus.OPTIMAL)
            {
                // Warm starts can run into numerical trouble (ABNORMAL) after large price changes: solve afresh once.
                _solver.Reset();
                _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_ON);
                status = _solver.Solve(_parameters);
            }

            if (status != Solver.ResultStatus.OPTIMAL)
            {
                throw new InvalidOperationException($"GLOP ended a re-plan with status {status} instead of OPTIMAL, also when solving afresh.");
            }

            return _model.ReadSchedules(out _)[0];
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _parameters.Dispose();
            _solver.Dispose();
        }
    }

    internal static ReferenceDispatch Solve(FleetRequest request, DispatchCosts costs, TimeSpan? timeLimit, ReferenceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        if (timeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), limit, "The time limit must be positive.");
        }

        var watch = Stopwatch.StartNew();
        using var solver = Solver.CreateSolver("GLOP")
            ?? throw new InvalidOperationException("OR-Tools could not create a GLOP solver.");
        if (timeLimit is { } wall)
        {
            solver.SetTimeLimit((long)Math.Ceiling(wall.TotalMilliseconds));
        }

        if (options.GlopParameters.Length > 0 && !solver.SetSolverSpecificParametersAsString(options.GlopParameters))
        {
            throw new InvalidOperationException($"GLOP rejected the parameters '{options.GlopParameters}'.");
        }

        var model = new ReferenceModel(solver, request, costs, options);
        using var parameters = new MPSolverParameters();
        parameters.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)options.Algorithm);
        parameters.SetIntegerParam(
            MPSolverParameters.IntegerParam.PRESOLVE,
            (int)(options.Presolve ? MPSolverParameters.PresolveValues.PRESOLVE_ON : MPSolverParameters.PresolveValues.PRESOLVE_OFF));

        var solveStart = watch.Elapsed;
        var status = solver.Solve(parameters);
        var solverSeconds = (watch.Elapsed - solveStart).TotalSeconds;
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException(
                $"GLOP ended with status {status} after {solverSeconds:F1} s instead of OPTIMAL"
                + (status == Solver.ResultStatus.INFEASIBLE ? " (the programme has slack for every target and need, so this is a modelling bug)." : "."));
        }

        var lpObjective = solver.Objective().Value();
        var schedules = model.ReadSchedules(out var simultaneous);
        var objective = DispatchObjective.Evaluate(request, schedules, costs);
        return new ReferenceDispatch(
            objective, lpObjective, schedules, watch.Elapsed.TotalSeconds, solverSeconds, status.ToString(),
            solver.NumVariables(), solver.NumConstraints(), solver.Iterations(), simultaneous);
    }

    /// <summary>Owns the variables of one built programme and reads the schedules back from them.</summary>
    private sealed class ReferenceModel
    {
        private readonly FleetRequest _request;
        private readonly Constraint[] _balance;
        private readonly Variable[][] _over;
        private readonly Variable[][] _under;
        private readonly Variable[][] _charge;
        private readonly Variable?[][] _discharge;

        public ReferenceModel(Solver solver, FleetRequest request, DispatchCosts costs, ReferenceModelOptions options)
        {
            _request = request;
            const double dt = FleetRequest.StepHours;
            var steps = request.HorizonSteps;
            var objective = solver.Objective();
            objective.SetMinimization();

            // Σₒ aₒₜ − dev⁺ₜ + dev⁻ₜ = Tₜ, the deviation either way priced piece by piece (the exact penalty is one
            // unbounded piece). A model kept for re-planning has room for more pieces than its first price uses.
            var pricing = options.Deviation ?? DeviationPricing.Exact(costs);
            var pieces = Math.Max(pricing.Slopes.Length, options.DeviationPieces);
            var balance = new Constraint[steps];
            _over = new Variable[steps][];
            _under = new Variable[steps][];
            for (var t = 0; t < steps; t++)
            {
                balance[t] = solver.MakeConstraint(request.TargetKw[t], request.TargetKw[t], "");
                _over[t] = new Variable[pieces];
                _under[t] = new Variable[pieces];
                for (var k = 0; k < pieces; k++)
                {
                    _over[t][k] = solver.MakeNumVar(0, 0, "");
                    _under[t][k] = solver.MakeNumVar(0, 0, "");
                    balance[t].SetCoefficient(_over[t][k], -1);
                    balance[t].SetCoefficient(_under[t][k], 1);
                }
            }

            _balance = balance;
            SetDeviation(objective, request.TargetKw, pricing);

            var fleets = request.Fleets;
            _charge = new Variable[fleets.Count][];
            _discharge = new Variable?[fleets.Count][];
            var siteSum = new Constraint[steps];
            for (var f = 0; f < fleets.Count; f++)
            {
                var fleet = fleets[f];

                // aₒₜ − Σᵢ (cᵢₜ − dᵢₜ) = 0, with aₒₜ bounded by the site limit.
                for (var t = 0; t < steps; t++)
                {
                    var aggregate = solver.MakeNumVar(-fleet.SiteLimitKw, fleet.SiteLimitKw, "");
                    balance[t].SetCoefficient(aggregate, 1);
                    siteSum[t] = solver.MakeConstraint(0, 0, "");
                    siteSum[t].SetCoefficient(aggregate, 1);
                }

                var charge = new Variable[CountVehicleSteps(fleet)];
                var discharge = new Variable?[charge.Length];
                var k = 0;
                for (var i = 0; i < fleet.Count; i++)
                {
                    var first = k;
                    for (var t = fleet.Arrival[i]; t < fleet.Departure[i]; t++, k++)
                    {
                        charge[k] = solver.MakeNumVar(0, fleet.MaxChargeKw[i], "");
                        siteSum[t].SetCoefficient(charge[k], -1);
                        if (fleet.MaxDischargeKw[i] > 0)
                        {
                            var d = solver.MakeNumVar(0, fleet.MaxDischargeKw[i], "");
                            siteSum[t].SetCoefficient(d, 1);
                            objective.SetCoefficient(d, dt * costs.WearCostPerKwh);
                            discharge[k] = d;
                        }
                    }

                    AddEnergy(solver, objective, fleet, i, charge.AsSpan(first, k - first), discharge.AsSpan(first, k - first), costs, options.Form);
                }

                _charge[f] = charge;
                _discharge[f] = discharge;
            }
        }

        /// <summary>Points the model at a new profile and a new price on the deviation from it (every piece beyond the price's fixed at zero).</summary>
        public void SetDeviation(Objective objective, double[] profileKw, DeviationPricing pricing)
        {
            if (pricing.Slopes.Length > _over[0].Length)
            {
                throw new ArgumentException($"The model has room for {_over[0].Length} pieces, not {pricing.Slopes.Length}.", nameof(pricing));
            }

            if (pricing.PricesKw is { } prices && prices.Length != _balance.Length)
            {
                throw new ArgumentException($"The deviation price has {prices.Length} per-step prices for {_balance.Length} steps.", nameof(pricing));
            }

            for (var t = 0; t < _balance.Length; t++)
            {
                // Aggregate − profile = over − under, so a price π on the signed deviation adds π to every over piece and
                // takes it from every under piece; each side's slopes still rise, so the price stays convex.
                _balance[t].SetBounds(profileKw[t], profileKw[t]);
                var price = pricing.PricesKw?[t] ?? 0;
                for (var k = 0; k < _over[t].Length; k++)
                {
                    var used = k < pricing.Slopes.Length;
                    var width = used ? pricing.Width(k) : 0;
                    var slope = used ? pricing.Slopes[k] : 0;
                    _over[t][k].SetUb(width);
                    _under[t][k].SetUb(width);
                    objective.SetCoefficient(_over[t][k], used ? slope + price : 0);
                    objective.SetCoefficient(_under[t][k], used ? slope - price : 0);
                }
            }
        }

        /// <summary>Prices every kW of discharge at <paramref name="wearCostPerKwh"/> per kWh.</summary>
        public void SetWear(Objective objective, double wearCostPerKwh)
        {
            foreach (var discharge in _discharge)
            {
                foreach (var d in discharge)
                {
                    if (d is not null)
                    {
                        objective.SetCoefficient(d, FleetRequest.StepHours * wearCostPerKwh);
                    }
                }
            }
        }

        /// <summary>Writes c − d into one schedule per fleet and counts vehicle-steps with both c and d above the threshold.</summary>
        public FleetSchedule[] ReadSchedules(out int simultaneous)
        {
            simultaneous = 0;
            var schedules = new FleetSchedule[_request.Fleets.Count];
            for (var f = 0; f < schedules.Length; f++)
            {
                var fleet = _request.Fleets[f];
                var schedule = new FleetSchedule(fleet, _request.HorizonSteps);
                var k = 0;
                for (var i = 0; i < fleet.Count; i++)
                {
                    for (var t = fleet.Arrival[i]; t < fleet.Departure[i]; t++, k++)
                    {
                        var c = _charge[f][k].SolutionValue();
                        var d = _discharge[f][k]?.SolutionValue() ?? 0;
                        if (c > ActivityThresholdKw && d > ActivityThresholdKw)
                        {
                            simultaneous++;
                        }

                        schedule.Step(t)[i] = (float)(c - d);
                    }
                }

                schedules[f] = schedule;
            }

            return schedules;
        }

        private static int CountVehicleSteps(Fleet fleet)
        {
            var count = 0;
            for (var i = 0; i < fleet.Count; i++)
            {
                count += fleet.Departure[i] - fleet.Arrival[i];
            }

            return count;
        }

        /// <summary>The battery bounds and the departure need of one vehicle, whose charge and discharge variables are given step by step.</summary>
        private static void AddEnergy(
            Solver solver, Objective objective, Fleet fleet, int i, ReadOnlySpan<Variable> charge, ReadOnlySpan<Variable?> discharge,
            DispatchCosts costs, EnergyForm form)
        {
            const double dt = FleetRequest.StepHours;
            var start = fleet.ArrivalEnergyKwh(i);
            var floor = fleet.FloorEnergyKwh(i);
            var capacity = fleet.CapacityKwh[i];
            var gain = dt * fleet.ChargeEfficiency[i];
            var loss = dt / fleet.DischargeEfficiency[i];
            var shortfall = solver.MakeNumVar(0, double.PositiveInfinity, "");
            objective.SetCoefficient(shortfall, costs.ShortfallPenaltyPerKwh);

            if (form == EnergyForm.Explicit)
            {
                // eₜ − eₜ₋₁ − gain·cₜ + loss·dₜ = 0, with e before arrival the constant arrival energy.
                Variable? previous = null;
                for (var s = 0; s < charge.Length; s++)
                {
                    var energy = solver.MakeNumVar(floor, capacity, "");
                    var rhs = previous is null ? start : 0;
                    var step = solver.MakeConstraint(rhs, rhs, "");
                    step.SetCoefficient(energy, 1);
                    if (previous is not null)
                    {
                        step.SetCoefficient(previous, -1);
                    }

                    step.SetCoefficient(charge[s], -gain);
                    if (discharge[s] is { } d)
                    {
                        step.SetCoefficient(d, loss);
                    }

                    previous = energy;
                }

                var need = solver.MakeConstraint(fleet.RequiredEnergyKwh(i), double.PositiveInfinity, "");
                need.SetCoefficient(previous!, 1);
                need.SetCoefficient(shortfall, 1);
                return;
            }

            // Cumulative: floor − e₀ ≤ Σ_{s≤t} (gain·cₛ − loss·dₛ) ≤ capacity − e₀, kept only where a bound can bind.
            var v2g = fleet.MaxDischargeKw[i] > 0;
            var maxStepGain = gain * fleet.MaxChargeKw[i];
            for (var s = 0; s < charge.Length; s++)
            {
                var canOverfill = start + maxStepGain * (s + 1) > capacity;
                if (!canOverfill && !v2g)
                {
                    continue;
                }

                var bound = solver.MakeConstraint(v2g ? floor - start : double.NegativeInfinity, canOverfill ? capacity - start : double.PositiveInfinity, "");
                AddCumulative(bound, charge, discharge, s, gain, loss);
            }

            var cumulativeNeed = solver.MakeConstraint(fleet.RequiredEnergyKwh(i) - start, double.PositiveInfinity, "");
            AddCumulative(cumulativeNeed, charge, discharge, charge.Length - 1, gain, loss);
            cumulativeNeed.SetCoefficient(shortfall, 1);
        }

        private static void AddCumulative(Constraint row, ReadOnlySpan<Variable> charge, ReadOnlySpan<Variable?> discharge, int last, double gain, double loss)
        {
            for (var s = 0; s <= last; s++)
            {
                row.SetCoefficient(charge[s], gain);
                if (discharge[s] is { } d)
                {
                    row.SetCoefficient(d, -loss);
                }
            }
        }
    }
}

/// <summary>How the battery energy of each vehicle enters the programme.</summary>
internal enum EnergyForm
{
    /// <summary>One energy variable and one balance equality per vehicle-step.</summary>
    Explicit,

    /// <summary>Cumulative sums of the setpoints, O(stay²) nonzeros per vehicle.</summary>
    Cumulative,
}

/// <summary>Modelling and solver choices of the reference programme, varied only to measure them.</summary>
internal sealed record ReferenceModelOptions(
    EnergyForm Form,
    MPSolverParameters.LpAlgorithmValues Algorithm,
    bool Presolve,
    string GlopParameters,
    DeviationPricing? Deviation = null,
    int DeviationPieces = 1)
{
    public static ReferenceModelOptions Default { get; } =
        new(EnergyForm.Explicit, MPSolverParameters.LpAlgorithmValues.DUAL, Presolve: true, GlopParameters: "perturb_costs_in_dual_simplex: true");
}
