using System.Diagnostics;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// Splits a grid party's target over the operators with ADMM in its sharing form (Boyd, Parikh, Chu, Peleato and
/// Eckstein, "Distributed Optimization and Statistical Learning via the Alternating Direction Method of Multipliers",
/// 2011, §7.3): minimise Σᵢ fᵢ(xᵢ) + g(Σᵢ xᵢ), where fᵢ is operator i's wear cost plus the indicator of its fleet's hard
/// constraints and g(A) = Σₜ Δt · penalty · |Aₜ − Tₜ| is the grid party's deviation penalty (see <see cref="DispatchCosts"/>).
/// </summary>
/// <remarks>
/// <para>Three stages, all exchanging aggregates only, each a type of its own:</para>
/// <list type="number">
/// <item><see cref="EnvelopeStage"/>: ADMM over the operators' aggregate envelopes (cost independent of the vehicle
/// count). Where it converges on an aggregate short of the target (a target beyond the fleets' flexibility), that
/// aggregate is the plan; otherwise the target is.</item>
/// <item><see cref="ClearingStage"/>: the plan cleared step by step. Each operator offers what its fleet can do at the
/// step given what it has committed so far, the coordinator splits the step's power over the offers, and each operator
/// splits its part over its vehicles. This is where every hard constraint is met, vehicle by vehicle.</item>
/// <item><see cref="ExactStage"/>: the operators whose fleets are small enough re-plan exactly, in sweeps and in ADMM
/// over exact re-plans, ending on the best setpoints seen.</item>
/// </list>
/// <para>A target beyond what the fleets can do is not an error: the result reports the per-step gap.</para>
/// </remarks>
public static class DispatchCoordinator
{
    /// <summary>Dispatches a request whose fleets are all in this process, and replays the schedules vehicle by vehicle.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">Prices of the objective; <see cref="DispatchCosts.Default"/> when null.</param>
    /// <param name="options">Stopping rules; <see cref="DispatchOptions.Default"/> when null.</param>
    /// <param name="progress">Receives ADMM's residuals as it runs.</param>
    /// <param name="exactVehicleLimit">Largest fleet an operator re-plans in the exact stage (zero: none does).</param>
    public static DispatchResult Dispatch(
        FleetRequest request, DispatchCosts? costs = null, DispatchOptions? options = null, IProgress<DispatchProgress>? progress = null,
        int exactVehicleLimit = LocalFleetOperator.DefaultExactVehicleLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        costs ??= DispatchCosts.Default;
        var operators = new LocalFleetOperator[request.Fleets.Count];
        for (var i = 0; i < operators.Length; i++)
        {
            operators[i] = new LocalFleetOperator($"operator {i + 1}", request.Fleets[i], request.HorizonSteps, costs, exactVehicleLimit);
        }

        CoordinatedDispatch outcome;
        try
        {
            outcome = CoordinateAsync(operators, request.TargetKw, costs, options, progress, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var fleetOperator in operators)
            {
                fleetOperator.Dispose();
            }
        }

        var schedules = new FleetSchedule[operators.Length];
        for (var i = 0; i < operators.Length; i++)
        {
            schedules[i] = operators[i].Schedule;
        }

        var result = DispatchResult.Measure(request, schedules, outcome.Iterations, outcome.Converged, outcome.Seconds);
        result.Coordination = outcome;
        return result;
    }

    /// <summary>Runs the three stages over the operators and returns what they realized.</summary>
    /// <param name="operators">The operators, local or remote.</param>
    /// <param name="targetKw">The target aggregate per step, in kW.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="options">Stopping rules; <see cref="DispatchOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the residuals after every iteration of the envelope stage.</param>
    /// <param name="cancellationToken">Cancels the dispatch between calls.</param>
    public static async Task<CoordinatedDispatch> CoordinateAsync(
        IReadOnlyList<IFleetOperator> operators,
        double[] targetKw,
        DispatchCosts costs,
        DispatchOptions? options,
        IProgress<DispatchProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(targetKw);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        options ??= DispatchOptions.Default;
        options.Validate();
        if (operators.Count == 0)
        {
            throw new ArgumentException("At least one operator is needed.", nameof(operators));
        }

        var watch = Stopwatch.StartNew();
        var envelope = await EnvelopeStage.RunAsync(operators, targetKw, costs, options, progress, cancellationToken).ConfigureAwait(false);
        var admmSeconds = watch.Elapsed.TotalSeconds;

        var clearing = new ClearingStage(operators, targetKw.Length, cancellationToken);
        var (realized, plan) = await clearing.RealizeAsync(targetKw, envelope.PlanKw, options).ConfigureAwait(false);
        var refineStart = watch.Elapsed;

        Refinement? refinement = null;
        PriceOutcome? pricing = null;
        if (options.RefineSweeps > 0 && options.ExactMethod == ExactMethod.Replan)
        {
            refinement = await ExactStage.RunAsync(operators, targetKw, costs, realized, options, envelope.ScaledDual, envelope.Rho, cancellationToken).ConfigureAwait(false);
        }
        else if (options.RefineSweeps > 0)
        {
            pricing = await PriceStage.RunAsync(
                operators,
                targetKw,
                costs,
                new PriceDecompositionOptions(options.PriceArrivalGroups, options.PriceGap, TimeLimit: double.IsFinite(options.RefineSeconds) ? TimeSpan.FromSeconds(options.RefineSeconds) : null),
                null,
                cancellationToken,
                envelope.ScaledDual.Select(u => u * envelope.Rho).ToArray()).ConfigureAwait(false);
            for (var i = 0; i < operators.Count; i++)
            {
                if (pricing.AggregateKw[i] is { } aggregate)
                {
                    aggregate.CopyTo(realized[i], 0);
                }
            }
        }

        return new CoordinatedDispatch(
            targetKw, realized, plan, envelope.Iterations, envelope.Converged, envelope.PrimalResidualKw, envelope.DualResidualKw, watch.Elapsed.TotalSeconds)
        {
            AdmmSeconds = admmSeconds,
            RefineSeconds = (watch.Elapsed - refineStart).TotalSeconds,
            Refinement = refinement,
            Pricing = pricing,
        };
    }
}
