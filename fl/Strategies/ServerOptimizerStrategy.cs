using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// Adaptive federated optimization, FedOpt (Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar and
/// McMahan, "Adaptive Federated Optimization", ICLR 2021, Algorithm 2): the combined update's change to
/// the global model, Δ = aggregate(updates) − x, is treated as a pseudo-gradient and applied by an
/// Adam-like server optimizer:
/// m ← β₁·m + (1 − β₁)·Δ;  v ← <see cref="NextSecondMoment"/>(v, Δ²);  x ← x + η·m / (√v + τ).
/// A variant says only how v moves. As in the paper, there is no bias correction; m starts at 0 and
/// v at τ².
/// </summary>
/// <remarks>
/// m and v are server state, kept per coordinate across rounds: they move on when a round ends
/// (<see cref="AggregationStrategy.Aggregate(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/>), never
/// on a <see cref="AggregationStrategy.Preview(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/>. Each
/// step is computed in double precision in coordinate order, so the same rounds give the same models.
/// </remarks>
public abstract class ServerOptimizerStrategy : AggregationStrategy
{
    private float[] _firstMoment = [];
    private float[] _secondMoment = [];
    private float[] _nextFirstMoment = [];
    private float[] _nextSecondMoment = [];
    private bool _staged;

    /// <summary>Sets the optimizer's hyperparameters and the rule that combines updates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    protected ServerOptimizerStrategy(ServerOptimizerOptions? options, UpdateAggregator? aggregator)
        : base(aggregator)
    {
        Options = options ?? ServerOptimizerOptions.Default;
        Options.Validate();
    }

    /// <summary>η, β₁, β₂ and τ.</summary>
    public ServerOptimizerOptions Options { get; }

    /// <inheritdoc />
    public override bool KeepsServerState => true;

    /// <summary>Rounds ended so far, each of which moved m and v on.</summary>
    public int RoundsCompleted { get; private set; }

    /// <summary>m, per coordinate; empty before the first round.</summary>
    public ReadOnlySpan<float> FirstMoment => _firstMoment;

    /// <summary>v, per coordinate; empty before the first round.</summary>
    public ReadOnlySpan<float> SecondMoment => _secondMoment;

    /// <summary>Forgets m and v, as for a consortium that starts again from a new model.</summary>
    public void ResetState()
    {
        _firstMoment = _secondMoment = _nextFirstMoment = _nextSecondMoment = [];
        _staged = false;
        RoundsCompleted = 0;
    }

    /// <summary>The next second moment of one coordinate from the previous one and Δ² of this round.</summary>
    protected abstract double NextSecondMoment(double previous, double squaredChange);

    /// <inheritdoc />
    protected sealed override void AggregateInto(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
    {
        EnsureState(global.Length);
        CombineUpdates(global, updates, destination);
        var (eta, beta1, tau) = (Options.LearningRate, Options.Beta1, Options.Tau);
        for (var i = 0; i < global.Length; i++)
        {
            double change = destination[i] - global[i];
            var m = (beta1 * _firstMoment[i]) + ((1 - beta1) * change);
            var v = Math.Max(0, NextSecondMoment(_secondMoment[i], change * change));
            _nextFirstMoment[i] = (float)m;
            _nextSecondMoment[i] = (float)v;
            destination[i] = (float)(global[i] + (eta * m / (Math.Sqrt(v) + tau)));
        }

        _staged = true;
    }

    /// <inheritdoc />
    protected sealed override void CompleteRound()
    {
        if (!_staged)
        {
            return;
        }

        (_firstMoment, _nextFirstMoment) = (_nextFirstMoment, _firstMoment);
        (_secondMoment, _nextSecondMoment) = (_nextSecondMoment, _secondMoment);
        _staged = false;
        RoundsCompleted++;
    }

    private void EnsureState(int length)
    {
        if (_firstMoment.Length == length)
        {
            return;
        }

        if (RoundsCompleted > 0)
        {
            throw new InvalidOperationException(
                $"{Name} holds server state for a model of {_firstMoment.Length} parameters, not {length}; one strategy object serves one consortium's model.");
        }

        _firstMoment = new float[length];
        _secondMoment = new float[length];
        Array.Fill(_secondMoment, (float)(Options.Tau * Options.Tau));
        _nextFirstMoment = new float[length];
        _nextSecondMoment = new float[length];
    }
}
