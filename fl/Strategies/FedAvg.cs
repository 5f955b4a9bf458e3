using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// Federated averaging: the next global model is the mean of the members' models weighted by their
/// training sample counts (McMahan, Moore, Ramage, Hampson and Agüera y Arcas, "Communication-Efficient
/// Learning of Deep Networks from Decentralized Data", AISTATS 2017).
/// </summary>
public class FedAvg : AggregationStrategy
{
    /// <inheritdoc />
    public override string Name => "FedAvg";

    /// <inheritdoc />
    protected override void AggregateInto(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination)
    {
        Span<double> weights = updates.Count <= 128 ? stackalloc double[updates.Count] : new double[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            weights[i] = updates[i].SampleCount;
        }

        ParameterAggregation.WeightedMean(new UpdateParameters(updates), weights, destination);
    }

    /// <summary>The updates' parameter vectors seen as a list, without copying them.</summary>
    private sealed class UpdateParameters(IReadOnlyList<MemberUpdate> updates) : IReadOnlyList<ReadOnlyMemory<float>>
    {
        public int Count => updates.Count;

        public ReadOnlyMemory<float> this[int index] => updates[index].Parameters;

        public IEnumerator<ReadOnlyMemory<float>> GetEnumerator()
        {
            foreach (var update in updates)
            {
                yield return update.Parameters;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
