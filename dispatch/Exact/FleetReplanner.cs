using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// One operator's exact re-plan (<see cref="Coordination.IFleetOperator.RefineAsync"/>), as the operator runs it in the exact stage of
/// every dispatch: the schedule of its fleet minimising its wear and shortfall plus a <see cref="DeviationPricing"/> on
/// aggregate − a profile, as one linear programme (<see cref="FleetProgramme"/>). The programme is kept between re-plans
/// and only its profile and prices change, so that each solve starts from the last one's basis rather than from scratch.
/// </summary>
public sealed class FleetReplanner : IDisposable
{
    /// <summary>Most pieces a deviation price may have here (the exact stage's ADMM uses 24).</summary>
    public const int MaxPieces = 24;

    private readonly FleetProgramme _programme;
    private readonly MPSolverParameters _parameters;
    private readonly int _steps;
    private readonly DispatchCosts _costs;
    private WearPriceBook _wear;
    private bool _solved;

    /// <summary>Builds the programme over the fleet's vehicles.</summary>
    /// <param name="fleet">The operator's vehicles.</param>
    /// <param name="horizonSteps">Steps of the dispatch.</param>
    /// <param name="costs">The prices of the objective.</param>
    public FleetReplanner(Fleet fleet, int horizonSteps, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        _steps = horizonSteps;
        var options = FleetProgrammeOptions.Default with { DeviationPieces = MaxPieces };
        _programme = new FleetProgramme(new FleetRequest(horizonSteps, new double[horizonSteps], [fleet]), costs, options);
        _costs = costs;
        _wear = costs.WearBook;
        _parameters = FleetProgramme.Parameters(options);
    }

    /// <summary>
    /// The schedule minimising wear and shortfall plus <paramref name="deviation"/> on aggregate − <paramref name="profileKw"/>;
    /// with <paramref name="wear"/>, each vehicle's wear is priced at its chemistry's price there instead of the model's own
    /// prices (and stays so until another call sets it).
    /// </summary>
    /// <exception cref="InvalidOperationException">GLOP did not solve it, even afresh.</exception>
    public FleetSchedule Replan(double[] profileKw, DeviationPricing deviation, WearPriceBook? wear = null)
    {
        ArgumentNullException.ThrowIfNull(profileKw);
        ArgumentNullException.ThrowIfNull(deviation);
        if (profileKw.Length != _steps)
        {
            throw new ArgumentException($"Expected {_steps} values, one per step, but got {profileKw.Length}.", nameof(profileKw));
        }

        wear ??= _costs.WearBook;
        if (!wear.SamePricesAs(_wear))
        {
            _programme.SetWear(wear);
            _wear = wear;
        }

        _programme.SetDeviation(profileKw, deviation);

        // The first solve has no basis to start from, and presolve makes it several times faster (0.1 s against 1.5 s
        // at 200 vehicles); later ones start from the last basis, which presolve would throw away.
        _parameters.SetIntegerParam(
            MPSolverParameters.IntegerParam.PRESOLVE,
            (int)(_solved ? MPSolverParameters.PresolveValues.PRESOLVE_OFF : MPSolverParameters.PresolveValues.PRESOLVE_ON));
        _solved = true;
        var status = _programme.Solve(_parameters);
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            // Warm starts can run into numerical trouble (ABNORMAL) after large price changes: solve afresh once.
            _programme.Reset();
            _parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_ON);
            status = _programme.Solve(_parameters);
        }

        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"GLOP ended a re-plan with status {status} instead of OPTIMAL, also when solving afresh.");
        }

        return _programme.ReadSchedules(out _)[0];
    }

    /// <summary>
    /// One re-plan of <paramref name="fleet"/> against <paramref name="needKw"/> in a programme of its own, solved from
    /// scratch with presolve: what a kept re-planner's warm-started solve must agree with.
    /// </summary>
    public static FleetSchedule ReplanAfresh(Fleet fleet, double[] needKw, DeviationPricing deviation, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(needKw);
        ArgumentNullException.ThrowIfNull(deviation);
        var request = new FleetRequest(needKw.Length, needKw, [fleet]);
        return DispatchReference.Solve(request, costs, null, FleetProgrammeOptions.Default with { Deviation = deviation }).Schedules[0];
    }

    /// <summary>Frees the programme's native solver memory.</summary>
    public void Dispose()
    {
        _parameters.Dispose();
        _programme.Dispose();
    }
}
