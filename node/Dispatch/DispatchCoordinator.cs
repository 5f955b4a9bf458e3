using System.Diagnostics;

namespace Consortium.Node.Dispatch;

/// <summary>
/// Splits a grid party's target over the operators with ADMM in its sharing form (Boyd, Parikh, Chu, Peleato and
/// Eckstein, "Distributed Optimization and Statistical Learning via the Alternating Direction Method of Multipliers",
/// 2011, §7.3): minimise Σᵢ fᵢ(xᵢ) + (w/2)‖Σᵢ xᵢ − P‖², where fᵢ is operator i's wear cost plus the indicator of its
/// fleet's hard constraints. Operators exchange only their aggregate profile (one number per step) and receive a signal
/// built from the average profile and the scaled dual; no vehicle data leaves an operator.
/// </summary>
/// <remarks>
/// Each operator's step is solved by <see cref="FleetSubproblem.Solve"/> in parallel. A target beyond what the fleets
/// can do is not an error: the iterations settle on the closest feasible aggregate and
/// <see cref="DispatchResult.TrackingGapKw"/> reports the per-step shortfall.
/// </remarks>
public static class DispatchCoordinator
{
    /// <summary>Runs ADMM until the primal and dual residuals meet the tolerances or the iteration budget is spent.</summary>
    public static DispatchResult Dispatch(FleetRequest request, DispatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= DispatchOptions.Default;
        options.Validate();

        var watch = Stopwatch.StartNew();
        var operators = request.Fleets.Count;
        var steps = request.HorizonSteps;
        var rho = options.Rho;
        var weight = options.TrackingWeight;
        var subproblems = new FleetSubproblem[operators];
        var profiles = new double[operators][];
        var previous = new double[operators][];
        var signals = new double[operators][];
        for (var i = 0; i < operators; i++)
        {
            subproblems[i] = new FleetSubproblem(request.Fleets[i], steps);
            profiles[i] = new double[steps];
            previous[i] = new double[steps];
            signals[i] = new double[steps];
        }

        var mean = new double[steps];
        var meanBefore = new double[steps];
        var share = new double[steps];
        var shareBefore = new double[steps];
        var dual = new double[steps];
        var iterations = 0;
        var converged = false;
        var sqrtEntries = Math.Sqrt((double)operators * steps);

        while (iterations < options.MaxIterations && !converged)
        {
            iterations++;
            for (var i = 0; i < operators; i++)
            {
                var x = profiles[i];
                var v = signals[i];
                for (var t = 0; t < steps; t++)
                {
                    v[t] = x[t] - mean[t] + share[t] - dual[t];
                }

                Array.Copy(x, previous[i], steps);
            }

            Parallel.For(0, operators, i => subproblems[i].Solve(signals[i], rho, options.WearCostPerKwh, profiles[i]));

            Array.Copy(mean, meanBefore, steps);
            Array.Copy(share, shareBefore, steps);
            Array.Clear(mean);
            foreach (var x in profiles)
            {
                for (var t = 0; t < steps; t++)
                {
                    mean[t] += x[t] / operators;
                }
            }

            var primalSquares = 0.0;
            var shareSquares = 0.0;
            var dualSquares = 0.0;
            for (var t = 0; t < steps; t++)
            {
                share[t] = (weight * request.TargetKw[t] + rho * (dual[t] + mean[t])) / (weight * operators + rho);
                dual[t] += mean[t] - share[t];
                var gap = mean[t] - share[t];
                primalSquares += operators * gap * gap;
                shareSquares += operators * share[t] * share[t];
                dualSquares += dual[t] * dual[t];
            }

            var changeSquares = 0.0;
            var profileSquares = 0.0;
            for (var i = 0; i < operators; i++)
            {
                var x = profiles[i];
                var before = previous[i];
                for (var t = 0; t < steps; t++)
                {
                    var change = x[t] - before[t] - (mean[t] - meanBefore[t]) + (share[t] - shareBefore[t]);
                    changeSquares += change * change;
                    profileSquares += x[t] * x[t];
                }
            }

            var primal = Math.Sqrt(primalSquares);
            var dualResidual = rho * Math.Sqrt(changeSquares);
            var primalTolerance = sqrtEntries * options.AbsoluteToleranceKw
                + options.RelativeTolerance * Math.Max(Math.Sqrt(profileSquares), Math.Sqrt(shareSquares));
            var dualTolerance = sqrtEntries * options.AbsoluteToleranceKw
                + options.RelativeTolerance * rho * Math.Sqrt(operators * dualSquares);
            converged = iterations > 1 && primal <= primalTolerance && dualResidual <= dualTolerance;
        }

        var schedules = new FleetSchedule[operators];
        for (var i = 0; i < operators; i++)
        {
            schedules[i] = subproblems[i].Schedule;
        }

        return DispatchResult.Measure(request, schedules, iterations, converged, watch.Elapsed.TotalSeconds);
    }
}
