using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Contribution;

/// <summary>
/// The candidate model of a coalition, as contribution scoring values it: the round's starting model for the empty
/// coalition, otherwise the coalition's updates combined by the consortium's rule, each weighted by its training
/// samples. It depends on nothing but the round's starting model, the updates and the rule (no server optimizer
/// state), so an evaluating member rebuilds every candidate itself from updates whose hashes it checks on chain,
/// instead of evaluating whatever model a coordinator sends.
/// </summary>
public static class CoalitionModels
{
    /// <summary>The model of the coalition <paramref name="members"/> (indices into <paramref name="updates"/>).</summary>
    /// <exception cref="ArgumentException">An index is out of range or repeated, or an update does not fit the rule.</exception>
    public static float[] Combine(UpdateAggregator aggregator, ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, IReadOnlyList<int> members)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(members);
        var model = new float[global.Length];
        if (members.Count == 0)
        {
            global.CopyTo(model);
            return model;
        }

        var seen = new HashSet<int>();
        var parameters = new ReadOnlyMemory<float>[members.Count];
        var weights = new double[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            var index = members[i];
            if (index < 0 || index >= updates.Count)
            {
                throw new ArgumentException($"Coalition member {index} is not one of the round's {updates.Count} updates.", nameof(members));
            }

            if (!seen.Add(index))
            {
                throw new ArgumentException($"Coalition member {index} appears twice.", nameof(members));
            }

            parameters[i] = updates[index].Parameters;
            weights[i] = updates[index].SampleCount;
        }

        aggregator.Combine(global, parameters, weights, model);
        return model;
    }

    /// <summary>The members of a coalition given as a bit mask over the round's updates, in increasing order.</summary>
    public static IReadOnlyList<int> Members(ulong coalition)
    {
        var members = new List<int>(System.Numerics.BitOperations.PopCount(coalition));
        for (var i = 0; coalition != 0; i++, coalition >>= 1)
        {
            if ((coalition & 1) != 0)
            {
                members.Add(i);
            }
        }

        return members;
    }
}
