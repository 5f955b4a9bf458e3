using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// The first stage of a coordinated dispatch: ADMM in its sharing form (Boyd et al. 2011, §7.3) over the operators'
/// aggregate envelopes. Per iteration every operator gets one signal of one number per step and answers with one
/// profile of the same length, its x-update over its fleet's envelope (<see cref="IFleetOperator.ProposeAsync"/>); the
/// z-update is the closed-form proximal step of the absolute deviation, a soft threshold around the target; ρ adapts by
/// residual balancing (§3.4.1); it stops on the primal and dual residuals (§3.3.1).
/// </summary>
internal sealed class EnvelopeStage
{
    private readonly IReadOnlyList<IFleetOperator> _operators;
    private readonly double[] _targetKw;
    private readonly DispatchOptions _options;
    private readonly int _n;
    private readonly int _steps;

    /// <summary>Δt · penalty: the slope of the deviation penalty per kW at one step.</summary>
    private readonly double _threshold;

    private readonly double[][] _profiles;
    private readonly double[][] _previous;
    private readonly double[][] _signals;
    private readonly double[] _mean;
    private readonly double[] _meanBefore;
    private readonly double[] _share;
    private readonly double[] _shareBefore;

    /// <summary>The scaled dual u (the price per step over ρ).</summary>
    private readonly double[] _dual;

    private double _rho;

    private EnvelopeStage(IReadOnlyList<IFleetOperator> operators, double[] targetKw, DispatchCosts costs, DispatchOptions options)
    {
        _operators = operators;
        _targetKw = targetKw;
        _options = options;
        _n = operators.Count;
        _steps = targetKw.Length;
        _profiles = Profiles.New(_n, _steps);
        _previous = Profiles.New(_n, _steps);
        _signals = Profiles.New(_n, _steps);
        _mean = new double[_steps];
        _meanBefore = new double[_steps];
        _share = new double[_steps];
        _shareBefore = new double[_steps];
        _dual = new double[_steps];
        _threshold = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        _rho = options.Rho > 0 ? options.Rho : InitialRho(targetKw, _n, _threshold);
    }

    /// <summary>Runs ADMM until the residuals meet the tolerances or the iterations run out, and returns the plan to clear.</summary>
    public static Task<EnvelopePlan> RunAsync(
        IReadOnlyList<IFleetOperator> operators, double[] targetKw, DispatchCosts costs, DispatchOptions options,
        IProgress<DispatchProgress>? progress, CancellationToken cancellationToken) =>
        new EnvelopeStage(operators, targetKw, costs, options).IterateAsync(progress, cancellationToken);

    private async Task<EnvelopePlan> IterateAsync(IProgress<DispatchProgress>? progress, CancellationToken cancellationToken)
    {
        var iterations = 0;
        var converged = false;
        double primal = double.NaN, dualResidual = double.NaN;
        while (iterations < _options.MaxIterations && !converged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            SetSignals();
            await OperatorCalls.ForEachAsync(_operators, i => _operators[i].ProposeAsync(_signals[i], _rho, _profiles[i], cancellationToken)).ConfigureAwait(false);

            Array.Copy(_mean, _meanBefore, _steps);
            Array.Copy(_share, _shareBefore, _steps);
            Profiles.MeanOf(_profiles, _mean);
            var (primalSquares, shareSquares, dualSquares) = UpdateShareAndDual();
            var (changeSquares, profileSquares) = ProfileChange();

            // Both residuals in kW (the dual one as the change of the profiles, s/ρ).
            primal = Math.Sqrt(primalSquares);
            dualResidual = Math.Sqrt(changeSquares);
            converged = iterations > 1 && WithinTolerances(primal, dualResidual, profileSquares, shareSquares, dualSquares);
            progress?.Report(new DispatchProgress(iterations, primal, dualResidual, _rho));

            if (_options.AdaptiveRho && !converged)
            {
                BalanceResiduals(primal, dualResidual);
            }
        }

        return new EnvelopePlan(Plan(converged), iterations, converged, primal, dualResidual, _dual, _rho);
    }

    /// <summary>Each operator's signal v = x − mean + share − u, and its profile kept to measure the change.</summary>
    private void SetSignals()
    {
        for (var i = 0; i < _n; i++)
        {
            var x = _profiles[i];
            var v = _signals[i];
            for (var t = 0; t < _steps; t++)
            {
                v[t] = x[t] - _mean[t] + _share[t] - _dual[t];
            }

            Array.Copy(x, _previous[i], _steps);
        }
    }

    /// <summary>The z- and dual updates; returns the squared norms the stopping rule needs.</summary>
    private (double PrimalSquares, double ShareSquares, double DualSquares) UpdateShareAndDual()
    {
        var n = _n;
        var primalSquares = 0.0;
        var shareSquares = 0.0;
        var dualSquares = 0.0;
        for (var t = 0; t < _steps; t++)
        {
            // z-update: argmin over the aggregate s of Δt·penalty·|s − T| + (ρ / 2n)(s − n(ū + x̄))², a soft threshold.
            var pulled = n * (_dual[t] + _mean[t]);
            var offset = pulled - _targetKw[t];
            var width = _threshold * n / _rho;
            var aggregate = _targetKw[t] + Math.Sign(offset) * Math.Max(0, Math.Abs(offset) - width);
            _share[t] = aggregate / n;
            _dual[t] += _mean[t] - _share[t];
            var gap = _mean[t] - _share[t];
            primalSquares += n * gap * gap;
            shareSquares += n * _share[t] * _share[t];
            dualSquares += _dual[t] * _dual[t];
        }

        return (primalSquares, shareSquares, dualSquares);
    }

    /// <summary>How far the profiles moved in this iteration (the dual residual over ρ, squared), and their squared norm.</summary>
    private (double ChangeSquares, double ProfileSquares) ProfileChange()
    {
        var changeSquares = 0.0;
        var profileSquares = 0.0;
        for (var i = 0; i < _n; i++)
        {
            var x = _profiles[i];
            var before = _previous[i];
            for (var t = 0; t < _steps; t++)
            {
                var change = x[t] - before[t] - (_mean[t] - _meanBefore[t]) + (_share[t] - _shareBefore[t]);
                changeSquares += change * change;
                profileSquares += x[t] * x[t];
            }
        }

        return (changeSquares, profileSquares);
    }

    /// <summary>
    /// Both residuals against an absolute tolerance per entry that scales with an operator's mean share of the target,
    /// plus the usual relative part.
    /// </summary>
    private bool WithinTolerances(double primal, double dualResidual, double profileSquares, double shareSquares, double dualSquares)
    {
        var sqrtEntries = Math.Sqrt((double)_n * _steps);
        var meanShareKw = Profiles.SumAbs(_targetKw) / _steps / _n;
        var perEntry = _options.AbsoluteToleranceKw + _options.RelativeTolerance * meanShareKw;
        var primalTolerance = sqrtEntries * perEntry
            + _options.RelativeTolerance * Math.Max(Math.Sqrt(profileSquares), Math.Sqrt(shareSquares));
        var dualTolerance = sqrtEntries * perEntry + _options.RelativeTolerance * Math.Sqrt(_n * dualSquares);
        return primal <= primalTolerance && dualResidual <= dualTolerance;
    }

    /// <summary>Residual balancing: ρ doubles when the primal residual is ten times the dual one, halves in the opposite case.</summary>
    private void BalanceResiduals(double primal, double dualResidual)
    {
        var factor = primal > 10 * dualResidual ? 2.0 : dualResidual > 10 * primal ? 0.5 : 1.0;
        if (factor != 1)
        {
            _rho *= factor;

            // The scaled dual is the price over ρ: keep the price.
            for (var t = 0; t < _steps; t++)
            {
                _dual[t] /= factor;
            }
        }
    }

    /// <summary>
    /// The plan the clearing realizes: the target where the fleets' envelopes reach it, the operators' aggregate where a
    /// converged ADMM settled clearly short of it (a target beyond the fleets' flexibility). "Clearly": by more than a
    /// share of the mean target, since the envelopes only approximate the fleets.
    /// </summary>
    private double[] Plan(bool converged)
    {
        var plan = new double[_steps];
        var meanAbsTarget = Profiles.SumAbs(_targetKw) / _steps;
        for (var t = 0; t < _steps; t++)
        {
            var proposed = _n * _mean[t];
            plan[t] = converged && Math.Abs(proposed - _targetKw[t]) > _options.PlanTolerance * meanAbsTarget ? proposed : _targetKw[t];
        }

        return plan;
    }

    private static double InitialRho(double[] targetKw, int operators, double threshold)
    {
        // The scaled dual settles near price / ρ; start where that is about 1 % of an operator's mean share of the target.
        var meanShare = Profiles.SumAbs(targetKw) / targetKw.Length / operators;
        return meanShare > 0 ? threshold / (0.01 * meanShare) : 1;
    }
}
