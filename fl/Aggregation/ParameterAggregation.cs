using System.Numerics;
using System.Runtime.InteropServices;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// The arithmetic of aggregation over flat parameter vectors: pure functions that write into a
/// caller-owned destination and allocate nothing, so a coordinator can reuse one buffer per round.
/// </summary>
public static class ParameterAggregation
{
    /// <summary><paramref name="accumulator"/> += <paramref name="weight"/> · <paramref name="update"/>, element by element.</summary>
    public static void AddScaled(Span<float> accumulator, ReadOnlySpan<float> update, float weight)
    {
        if (accumulator.Length != update.Length)
        {
            throw new ArgumentException($"The update has {update.Length} values, the accumulator {accumulator.Length}.", nameof(update));
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated && accumulator.Length >= Vector<float>.Count)
        {
            var sums = MemoryMarshal.Cast<float, Vector<float>>(accumulator);
            var values = MemoryMarshal.Cast<float, Vector<float>>(update);
            var factor = new Vector<float>(weight);
            for (var v = 0; v < sums.Length; v++)
            {
                sums[v] += values[v] * factor;
            }

            i = sums.Length * Vector<float>.Count;
        }

        for (; i < accumulator.Length; i++)
        {
            accumulator[i] += weight * update[i];
        }
    }

    /// <summary>
    /// Writes Σ wᵢ·xᵢ / Σ wᵢ into <paramref name="destination"/>. Weights must be finite, not negative,
    /// and not all zero. The result does not depend on how the weights are scaled.
    /// </summary>
    public static void WeightedMean(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count != weights.Length)
        {
            throw new ArgumentException($"{updates.Count} updates but {weights.Length} weights.", nameof(weights));
        }

        var total = 0.0;
        foreach (var weight in weights)
        {
            if (!(weight >= 0) || !double.IsFinite(weight))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weight, "Weights must be finite and not negative.");
            }

            total += weight;
        }

        if (!(total > 0))
        {
            throw new ArgumentException("The weights sum to zero; there is nothing to average.", nameof(weights));
        }

        destination.Clear();
        for (var k = 0; k < updates.Count; k++)
        {
            if (weights[k] > 0)
            {
                AddScaled(destination, updates[k].Span, (float)(weights[k] / total));
            }
        }
    }

    /// <summary>Euclidean norm.</summary>
    public static double L2Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Euclidean distance between two vectors of equal length, e.g. an update and the global model.</summary>
    public static double L2Distance(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException($"Vectors of {left.Length} and {right.Length} values.", nameof(right));
        }

        double sum = 0;
        for (var i = 0; i < left.Length; i++)
        {
            double difference = left[i] - right[i];
            sum += difference * difference;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Index of the first NaN or infinite value, or -1 when every value is finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
