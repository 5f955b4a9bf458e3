using System.Globalization;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Training;

namespace Consortium.Fl.Strategies;

/// <summary>
/// How the consortium turns a round's member updates into the next global model, after the strategy
/// template of Flower (Beutel et al., "Flower: A Friendly Federated Learning Research Framework", 2020):
/// configure the members' training, aggregate their updates, aggregate their evaluations.
/// A variant overrides as little as it can; the checks on updates are done here, once, for all.
/// </summary>
public abstract class AggregationStrategy
{
    /// <summary>Short name recorded with each round, e.g. "FedAvg".</summary>
    public abstract string Name { get; }

    /// <summary>The local training options sent to members for <paramref name="round"/>.</summary>
    public virtual LocalTrainingOptions ConfigureTraining(int round, LocalTrainingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults;
    }

    /// <summary>The next global model; with no update, the current one unchanged.</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        var next = new float[global.Length];
        Aggregate(global, updates, next);
        return next;
    }

    /// <summary>Writes the next global model into <paramref name="destination"/>, which may not overlap an update.</summary>
    /// <exception cref="ArgumentException">An update has the wrong length, a non-finite value, no samples, or a repeated member id.</exception>
    public void Aggregate(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
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
            return;
        }

        AggregateInto(global, updates, destination);
    }

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
    /// Combines at least one validated update (same length as <paramref name="global"/>, finite, with
    /// samples) into <paramref name="destination"/>.
    /// </summary>
    protected abstract void AggregateInto(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination);

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
