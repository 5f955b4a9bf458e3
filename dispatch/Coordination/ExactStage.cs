using System.Diagnostics;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// The third stage of a coordinated dispatch, after the clearing, for the operators whose fleets are small enough to
/// re-plan exactly (<see cref="IFleetOperator.RefineAsync"/>): exact block coordinate descent (each operator in turn
/// against the target minus the others' aggregate, until a sweep gains less than <see cref="DispatchOptions.RefineTolerance"/>),
/// ADMM whose x-update is each operator's exact re-plan (the absolute deviation, not being smooth, can hold every
/// operator where it is although a joint move would pay), ending the stage where it comes to rest; otherwise sweeps
/// that price small deviations along a shrinking Huber-like curve and over-relaxed ADMM. Operators end on the best
/// setpoints seen; no re-plan starts after <see cref="DispatchOptions.RefineSeconds"/>.
/// </summary>
internal sealed class ExactStage
{
    /// <summary>Pieces of ADMM's quadratic term in the exact stage.</summary>
    private const int AdmmPieces = 24;

    /// <summary>Narrowest piece of ADMM's quadratic, kW (narrower still where ρ is so large that its slope would exceed 5·10⁻⁵ of the deviation price).</summary>
    private const double MinPieceKw = 1e-4;

    /// <summary>ADMM of the exact stage is at rest, and stops, after this many iterations in a row in which no operator's profile moved by more than <see cref="DispatchOptions.RefineAdmmRestKw"/>.</summary>
    private const int AdmmRestIterations = 20;

    private readonly IReadOnlyList<IFleetOperator> _operators;
    private readonly double[] _targetKw;
    private readonly DispatchCosts _costs;
    private readonly DispatchOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly int _n;
    private readonly int _steps;

    /// <summary>Each operator's aggregate, kept up to date by every call.</summary>
    private readonly double[][] _realized;

    /// <summary>Each operator's own cost (wear plus shortfall) of its setpoints; null for those that take no part.</summary>
    private readonly double?[] _own;

    /// <summary>The operators that take part.</summary>
    private readonly int[] _members;

    /// <summary>Δt · penalty: the price of a kW of deviation at one step.</summary>
    private readonly double _deviationPrice;

    /// <summary>The scaled dual and ρ the envelope stage ended on.</summary>
    private readonly double[] _envelopeScaledDual;
    private readonly double _envelopeRho;

    /// <summary>The target minus the other operators' aggregate, the buffer of a sweep.</summary>
    private readonly double[] _need;

    /// <summary>The objective of the cleared allocation: the first checkpoint.</summary>
    private readonly double _cleared;

    private readonly Stopwatch _clock;
    private double _best;
    private bool _budgetReached;
    private int _sweeps;
    private int _admmIterations;

    private ExactStage(
        IReadOnlyList<IFleetOperator> operators, double[] targetKw, DispatchCosts costs, double[][] realized, DispatchOptions options,
        double?[] own, int[] members, double[] envelopeScaledDual, double envelopeRho, CancellationToken cancellationToken)
    {
        _operators = operators;
        _targetKw = targetKw;
        _costs = costs;
        _realized = realized;
        _options = options;
        _own = own;
        _members = members;
        _envelopeScaledDual = envelopeScaledDual;
        _envelopeRho = envelopeRho;
        _cancellationToken = cancellationToken;
        _n = operators.Count;
        _steps = targetKw.Length;
        _need = new double[_steps];
        _deviationPrice = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        _cleared = Value();
        _best = _cleared;

        // Past the budget no new re-plan starts; at least one operator re-plans once.
        _clock = Stopwatch.StartNew();
    }

    /// <summary>
    /// Runs the stage from the cleared allocation <paramref name="realized"/> (each operator's aggregate, updated as the
    /// operators re-plan), starting its ADMM from the envelope stage's prices.
    /// </summary>
    /// <returns>What the stage did, or null when no operator's fleet is small enough to take part.</returns>
    public static async Task<Refinement?> RunAsync(
        IReadOnlyList<IFleetOperator> operators, double[] targetKw, DispatchCosts costs, double[][] realized, DispatchOptions options,
        double[] envelopeScaledDual, double envelopeRho, CancellationToken cancellationToken)
    {
        // Who takes part, and what the cleared allocation costs them: that is the first checkpoint.
        var own = new double?[operators.Count];
        await OperatorCalls.ForEachAsync(operators, async i => own[i] = await operators[i].CheckpointAsync(false, realized[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var members = Enumerable.Range(0, operators.Count).Where(i => own[i] is not null).ToArray();
        if (members.Length == 0)
        {
            return null;
        }

        var stage = new ExactStage(operators, targetKw, costs, realized, options, own, members, envelopeScaledDual, envelopeRho, cancellationToken);
        return await stage.RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Exact sweeps from the cleared point first: where the clearing left the request's reachable part unmet they gain
    /// most, and cheaply. Then ADMM over exact re-plans from the best point so far, followed by exact sweeps. Where ADMM
    /// comes to rest (no operator's profile moving) its point satisfies the optimality conditions and the stage ends;
    /// otherwise smoothed sweeps and over-relaxed ADMM get their turn (over-relaxed from the start, ADMM reached the
    /// optimum on every fleet measured but came to rest later, or not within the budget, where the clearing had already
    /// reached it). The checkpoints keep whatever did best.
    /// </summary>
    private async Task<Refinement> RunAsync()
    {
        await ExactSweepsAsync().ConfigureAwait(false);
        if (!await AdmmAsync(relaxation: 1).ConfigureAwait(false))
        {
            await SmoothedSweepsAsync().ConfigureAwait(false);
            await AdmmAsync(_options.RefineAdmmRelaxation).ConfigureAwait(false);
        }

        // The smoothed sweeps and ADMM can wander off; the operators end on the best setpoints seen (the cleared ones unless
        // a later point was better by more than the tolerance).
        if (Value() > _best)
        {
            await CheckpointAsync(true).ConfigureAwait(false);
        }

        return new Refinement(_members.Length, _sweeps, _cleared, Value()) { AdmmIterations = _admmIterations, BudgetReached = _budgetReached };
    }

    /// <summary>The consortium's objective now: the deviation penalty plus the taking part operators' own costs.</summary>
    private double Value() => (_deviationPrice * Profiles.AbsoluteDeviation(_realized, _targetKw)) + _own.Sum(c => c ?? 0);

    /// <summary>Whether the budget is spent (and, once it is, remembers so for the report).</summary>
    private bool OutOfTime() => _budgetReached |= _clock.Elapsed.TotalSeconds > _options.RefineSeconds;

    /// <summary>Every operator that takes part remembers its setpoints (<paramref name="restore"/> false) or goes back to the ones remembered.</summary>
    private Task CheckpointAsync(bool restore) => OperatorCalls.ForEachAsync(_operators, async i =>
    {
        if (_own[i] is not null)
        {
            _own[i] = await _operators[i].CheckpointAsync(restore, _realized[i], _cancellationToken).ConfigureAwait(false);
        }
    });

    /// <summary>Checkpoints the operators where the objective beats the best so far by more than the tolerance; returns the objective.</summary>
    private async Task<double> KeepAsync()
    {
        var value = Value();
        if (value < _best - (_options.RefineTolerance * Math.Abs(_best)))
        {
            _best = value;
            await CheckpointAsync(false).ConfigureAwait(false);
        }

        return value;
    }

    /// <summary>One Gauss–Seidel sweep: each operator in turn against the target minus the others' aggregate.</summary>
    private async Task<double> SweepAsync(DeviationPricing pricing)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        foreach (var i in _members)
        {
            for (var t = 0; t < _steps; t++)
            {
                var others = 0.0;
                for (var j = 0; j < _n; j++)
                {
                    others += j == i ? 0 : _realized[j][t];
                }

                _need[t] = _targetKw[t] - others;
            }

            _own[i] = await _operators[i].RefineAsync(_need, pricing, _realized[i], _cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{_operators[i].Name} took part in the re-plan and then declined it.");
            if (OutOfTime())
            {
                break;
            }
        }

        return await KeepAsync().ConfigureAwait(false);
    }

    /// <summary>Sweeps at the exact penalty until one gains less than the tolerance (the first always runs).</summary>
    private async Task ExactSweepsAsync()
    {
        var previous = double.PositiveInfinity;
        for (var k = 0; k < _options.RefineSweeps && !_cancellationToken.IsCancellationRequested && !(k > 0 && OutOfTime()); k++)
        {
            _sweeps++;
            var value = await SweepAsync(DeviationPricing.Exact(_costs)).ConfigureAwait(false);
            if (previous - value <= _options.RefineTolerance * Math.Abs(value))
            {
                break;
            }

            previous = value;
        }
    }

    /// <summary>Smoothed sweeps from the best point so far, the Huber part shrinking each time, then exact ones.</summary>
    private async Task SmoothedSweepsAsync()
    {
        if (_options.RefineSmoothedSweeps == 0 || OutOfTime())
        {
            return;
        }

        await CheckpointAsync(true).ConfigureAwait(false);
        var smoothing = _options.RefineSmoothing * Profiles.SumAbs(_targetKw) / _steps;
        for (var k = 0; k < _options.RefineSmoothedSweeps && !OutOfTime(); k++)
        {
            _sweeps++;
            await SweepAsync(DeviationPricing.Smoothed(_costs, smoothing * Math.Pow(_options.RefineSmoothingDecay, k))).ConfigureAwait(false);
        }

        if (!OutOfTime())
        {
            await ExactSweepsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// ADMM whose x-update is each operator's exact re-plan: it makes the joint moves that one operator at a time cannot.
    /// From the best point so far, with the envelope stage's prices; then exact sweeps from the best point it reached.
    /// Over-relaxed (Boyd et al. §3.4.3) with <paramref name="relaxation"/> above 1.
    /// </summary>
    /// <returns>Whether it came to rest.</returns>
    private async Task<bool> AdmmAsync(double relaxation)
    {
        if (_options.RefineAdmmIterations == 0 || _members.Length != _n || OutOfTime())
        {
            return false;
        }

        await CheckpointAsync(true).ConfigureAwait(false);
        var rho = _envelopeRho * _options.RefineAdmmRhoScale;
        var (dual, move) = EnvelopePrices(rho);
        var mean = new double[_steps];
        var share = new double[_steps];
        var centres = Profiles.New(_n, _steps);
        Profiles.MeanOf(_realized, mean);
        Array.Copy(mean, share, _steps);
        var sinceBest = 0;
        var still = 0;
        var iterations = 0;
        while (iterations < _options.RefineAdmmIterations && sinceBest < _options.RefineAdmmPatience && still < AdmmRestIterations && !OutOfTime())
        {
            iterations++;
            _cancellationToken.ThrowIfCancellationRequested();
            _admmIterations++;
            var pricing = ProximalPricing(rho, move, mean, share, dual);
            move = await ReplanAllAsync(pricing, centres).ConfigureAwait(false);
            Profiles.MeanOf(_realized, mean);
            var primalMax = UpdateShareAndDual(rho, relaxation, mean, share, dual);
            still = move <= _options.RefineAdmmRestKw && primalMax <= _options.RefineAdmmRestKw ? still + 1 : 0;
            var before = _best;
            await KeepAsync().ConfigureAwait(false);
            sinceBest = _best < before ? 0 : sinceBest + 1;
        }

        await CheckpointAsync(true).ConfigureAwait(false);
        if (!OutOfTime())
        {
            await ExactSweepsAsync().ConfigureAwait(false);
        }

        return still >= AdmmRestIterations;
    }

    /// <summary>
    /// The envelope stage's prices, scaled to <paramref name="rho"/> (the scaled dual is the price over ρ), and the
    /// largest of them: how far they ask the operators to move, which sizes the first pieces.
    /// </summary>
    private (double[] Dual, double Move) EnvelopePrices(double rho)
    {
        var dual = new double[_steps];
        var move = 0.0;
        for (var t = 0; t < _steps; t++)
        {
            dual[t] = _envelopeScaledDual[t] * _envelopeRho / rho;
            move = Math.Max(move, Math.Abs(dual[t]));
        }

        return (dual, move);
    }

    /// <summary>
    /// Operator i's x-update minimises its cost plus (ρ/2)‖x − v‖², v = x⁰ − mean + share − dual. Around its current
    /// profile x⁰ that is ρ(mean − share + dual)·(x − x⁰) + (ρ/2)‖x − x⁰‖² + a constant: the first term goes over exactly,
    /// as a price per step (the same for every operator), and only the second is drawn in pieces. The first pieces are
    /// sized to the last iteration's largest move, so that they are fine where the moves are, and never so wide that
    /// standing still costs more than a sliver of the deviation price; the pieces then grow to reach the deviation at
    /// which the quadratic's slope is twice that price, so that no price can send an operator further than the quadratic
    /// would.
    /// </summary>
    private DeviationPricing ProximalPricing(double rho, double move, double[] mean, double[] share, double[] dual)
    {
        var threshold = _deviationPrice;
        var width = Math.Max(Math.Min(MinPieceKw, MinPieceKw * threshold / rho), 3 * move / AdmmPieces);
        var growth = DeviationPricing.GrowthToReach(width, 2 * threshold / rho, AdmmPieces);
        var prices = new double[_steps];
        for (var t = 0; t < _steps; t++)
        {
            prices[t] = rho * (mean[t] - share[t] + dual[t]);
        }

        return DeviationPricing.Quadratic(rho, width, AdmmPieces, prices, growth);
    }

    /// <summary>Every operator re-plans around its current profile at once; returns the largest move of any profile at any step, kW.</summary>
    private async Task<double> ReplanAllAsync(DeviationPricing pricing, double[][] centres)
    {
        for (var i = 0; i < _n; i++)
        {
            Array.Copy(_realized[i], centres[i], _steps);
        }

        await OperatorCalls.ForEachAsync(_operators, async i =>
            _own[i] = await _operators[i].RefineAsync(centres[i], pricing, _realized[i], _cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var move = 0.0;
        for (var i = 0; i < _n; i++)
        {
            for (var t = 0; t < _steps; t++)
            {
                move = Math.Max(move, Math.Abs(_realized[i][t] - centres[i][t]));
            }
        }

        return move;
    }

    /// <summary>
    /// The z- and dual updates, which see α·mean + (1 − α)·share (over-relaxation, Boyd et al. §3.4.3); returns the
    /// largest gap between the mean profile and the share at any step, kW.
    /// </summary>
    private double UpdateShareAndDual(double rho, double relaxation, double[] mean, double[] share, double[] dual)
    {
        var n = _n;
        var threshold = _deviationPrice;
        var primalMax = 0.0;
        for (var t = 0; t < _steps; t++)
        {
            var relaxed = (relaxation * mean[t]) + ((1 - relaxation) * share[t]);
            var offset = (n * (dual[t] + relaxed)) - _targetKw[t];
            share[t] = (_targetKw[t] + (Math.Sign(offset) * Math.Max(0, Math.Abs(offset) - (threshold * n / rho)))) / n;
            dual[t] += relaxed - share[t];
            primalMax = Math.Max(primalMax, Math.Abs(mean[t] - share[t]));
        }

        return primalMax;
    }
}
