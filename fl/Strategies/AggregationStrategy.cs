using System.Globalization;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Training;

namespace Consortium.Fl.Strategies;

/// <summary>
/// How the consortium turns a round's member updates into the next global model, after the strategy
/// template of Flower (Beutel et al., "Flower: A Friendly Federated Learning Research Framework", 2020):
/// configure the members' training, aggregate their updates, aggregate their evaluations.
/// A variant overrides as little as it can; the checks on updates are done here, once, for all, and the
/// updates are combined by the consortium's <see cref="Aggregator"/> (a mean or a robust rule).
/// </summary>
/// <remarks>
/// <see cref="Aggregate(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/> ends a round; a strategy
/// with server state (<see cref="KeepsServerState"/>, e.g. FedAdam) moves that state on then, and only
/// then. <see cref="Preview(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/> computes the same model
/// without moving it, for candidates such as the leave-one-out ones. Such a strategy is therefore one
/// object per consortium, used by one thread at a time; its state is a function of the rounds ended so
/// far, so replaying them gives the same models.
/// </remarks>
public abstract class AggregationStrategy
{
    /// <summary>Sets the rule that combines updates; federated averaging's weighted mean by default.</summary>
    protected AggregationStrategy(UpdateAggregator? aggregator = null) => Aggregator = aggregator ?? new MeanAggregator();

    /// <summary>Short name recorded with each round, e.g. "FedAvg".</summary>
    public abstract string Name { get; }

    /// <summary>The rule that combines the members' updates.</summary>
    public UpdateAggregator Aggregator { get; }

    /// <summary>Whether the strategy carries state from round to round (and so must not be shared between consortia).</summary>
    public virtual bool KeepsServerState => false;

    /// <summary>The name with the aggregation rule, e.g. "FedAvg with median".</summary>
    public override string ToString() => Aggregator is MeanAggregator { NormBound: null } ? Name : $"{Name} with {Aggregator}";

    /// <summary>The local training options sent to members for <paramref name="round"/>.</summary>
    public virtual LocalTrainingOptions ConfigureTraining(int round, LocalTrainingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults;
    }

    /// <summary>Ends a round: the next global model (with no update, the current one unchanged).</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        var next = new float[global.Length];
        Aggregate(global, updates, next);
        return next;
    }

    /// <summary>Ends a round, writing the next global model into <paramref name="destination"/>, which may not overlap an update.</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public void Aggregate(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
    {
        if (Next(global, updates, destination))
        {
            CompleteRound();
        }
    }

    /// <summary>The model <see cref="Aggregate(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/> would return now, leaving any server state as it is.</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public float[] Preview(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        var next = new float[global.Length];
        Preview(global, updates, next);
        return next;
    }

    /// <summary>Writes what <see cref="Aggregate(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate}, Span{float})"/> would, leaving any server state as it is.</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public void Preview(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination) =>
        Next(global, updates, destination);

    /// <summary>The members' evaluations of one model combined: by default their error totals added up.</summary>
    public virtual ForecastErrors AggregateEvaluation(IReadOnlyList<ForecastErrors> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var total = ForecastErrors.Empty;
        foreach (var evaluation in evaluations)
        {
            total += evaluation;
        }

        return total;
    }

    /// <summary>
    /// Writes the next model for at least one validated update (same length as <paramref name="global"/>,
    /// finite, with samples) into <paramref name="destination"/>. It must leave lasting state unchanged:
    /// it may stage the next state, which <see cref="CompleteRound"/> then adopts.
    /// </summary>
    protected abstract void AggregateInto(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination);

    /// <summary>Adopts the state staged by the last <see cref="AggregateInto"/>; nothing for a stateless strategy.</summary>
    protected virtual void CompleteRound()
    {
    }

    /// <summary>Combines the updates with <see cref="Aggregator"/>, each weighted by its training samples.</summary>
    protected void CombineUpdates(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(updates);
        Span<double> weights = updates.Count <= 128 ? stackalloc double[updates.Count] : new double[updates.Count];
        var parameters = new ReadOnlyMemory<float>[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            weights[i] = updates[i].SampleCount;
            parameters[i] = updates[i].Parameters;
        }

        Aggregator.Combine(global, parameters, weights, destination);
    }

    /// <summary>Checks and aggregates; false when there was no update and the global model was copied.</summary>
    private bool Next(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (destination.Length != global.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} values, the model {global.Length}.", nameof(destination));
        }

        Validate(global.Length, updates);
        if (updates.Count == 0)
        {
            global.CopyTo(destination);
            return false;
        }

        AggregateInto(global, updates, destination);
        return true;
    }

    private static void Validate(int length, IReadOnlyList<MemberUpdate> updates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update, nameof(updates));
            if (!seen.Add(update.MemberId))
            {
                throw new ArgumentException($"Member {update.MemberId} sent more than one update.", nameof(updates));
            }

            if (update.Parameters.Length != length)
            {
                throw new ArgumentException($"Member {update.MemberId} sent {update.Parameters.Length} parameters, the model has {length}.", nameof(updates));
            }

            if (update.SampleCount <= 0)
            {
                throw new ArgumentException($"Member {update.MemberId} reports {update.SampleCount} training samples.", nameof(updates));
            }

            var bad = ParameterAggregation.IndexOfNonFinite(update.Parameters);
            if (bad >= 0)
            {
                throw new ArgumentException($"Member {update.MemberId} sent parameter {bad} = {update.Parameters[bad].ToString(CultureInfo.InvariantCulture)}, not a finite number.", nameof(updates));
            }
        }
    }
}
