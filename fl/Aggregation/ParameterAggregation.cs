using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// The arithmetic of aggregation over flat parameter vectors: pure functions that write into a
/// caller-owned destination and allocate nothing in proportion to the model, so a coordinator can reuse
/// one buffer per round. Large vectors are processed in cache-sized blocks on every core; each
/// coordinate is computed in the same order whatever the number of cores, so results are reproducible.
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
    /// <exception cref="ArgumentException">No update, an update of another length than the destination, or unusable weights.</exception>
    public static void WeightedMean(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination)
    {
        CheckShapes(updates, destination.Length);
        if (updates.Count != weights.Length)
        {
            throw new ArgumentException($"{updates.Count} updates but {weights.Length} weights.", nameof(weights));
        }

        var total = WeightTotal(weights);
        Span<float> shares = updates.Count <= 256 ? stackalloc float[updates.Count] : new float[updates.Count];
        for (var k = 0; k < shares.Length; k++)
        {
            shares[k] = (float)(weights[k] / total);
        }

        using var pinned = new PinnedUpdates(updates);
        LinearCombination(pinned, shares, default, 0f, destination);
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

    /// <summary>Throws unless there is at least one update and every update has <paramref name="length"/> values.</summary>
    internal static void CheckShapes(IReadOnlyList<ReadOnlyMemory<float>> updates, int length)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            throw new ArgumentException("There is no update to aggregate.", nameof(updates));
        }

        for (var k = 0; k < updates.Count; k++)
        {
            if (updates[k].Length != length)
            {
                throw new ArgumentException($"Update {k} has {updates[k].Length} values, the destination {length}.", nameof(updates));
            }
        }
    }

    /// <summary>Σ of weights that must be finite, not negative and not all zero.</summary>
    internal static double WeightTotal(ReadOnlySpan<double> weights)
    {
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

        return total;
    }

    /// <summary>
    /// destination = c₀·<paramref name="start"/> + Σₖ cₖ·updateₖ, block by block on every core. Each
    /// coordinate is summed in the same order (start first, then the updates in order), skipping zero
    /// coefficients; <paramref name="start"/> may be empty, and then only the updates count. Four updates
    /// are added per pass over a block, which keeps the rounding of adding them one at a time.
    /// </summary>
    internal static unsafe void LinearCombination(
        PinnedUpdates updates, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> start, float startCoefficient, Span<float> destination)
    {
        var terms = new List<(int Index, float Factor)>(coefficients.Length);
        for (var k = 0; k < coefficients.Length; k++)
        {
            if (coefficients[k] != 0)
            {
                terms.Add((k, coefficients[k]));
            }
        }

        var length = destination.Length;
        fixed (float* destinationPointer = destination)
        fixed (float* startPointer = start)
        {
            var target = (nint)destinationPointer;
            var origin = start.IsEmpty || startCoefficient == 0 ? 0 : (nint)startPointer;
            CoordinateBlocks.Run(length, (long)length * (updates.Count + 1), (_, offset, count) =>
            {
                var block = (float*)target + offset;
                var initialized = false;
                if (origin != 0)
                {
                    Scale(block, (float*)origin + offset, startCoefficient, count);
                    initialized = true;
                }

                var t = 0;
                for (; t + 4 <= terms.Count; t += 4)
                {
                    AddScaled4(
                        block,
                        initialized,
                        updates[terms[t].Index] + offset,
                        updates[terms[t + 1].Index] + offset,
                        updates[terms[t + 2].Index] + offset,
                        updates[terms[t + 3].Index] + offset,
                        terms[t].Factor,
                        terms[t + 1].Factor,
                        terms[t + 2].Factor,
                        terms[t + 3].Factor,
                        count);
                    initialized = true;
                }

                for (; t < terms.Count; t++)
                {
                    if (initialized)
                    {
                        AddScaled(block, updates[terms[t].Index] + offset, terms[t].Factor, count);
                    }
                    else
                    {
                        Scale(block, updates[terms[t].Index] + offset, terms[t].Factor, count);
                        initialized = true;
                    }
                }

                if (!initialized)
                {
                    new Span<float>(block, count).Clear();
                }
            });
        }
    }

    /// <summary>
    /// accumulator[i] = (((accumulator[i] + c₀·s₀[i]) + c₁·s₁[i]) + c₂·s₂[i]) + c₃·s₃[i], or the same
    /// starting from c₀·s₀[i] when <paramref name="initialized"/> is false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddScaled4(
        float* accumulator, bool initialized, float* s0, float* s1, float* s2, float* s3, float c0, float c1, float c2, float c3, int count)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var (f0, f1, f2, f3) = (new Vector<float>(c0), new Vector<float>(c1), new Vector<float>(c2), new Vector<float>(c3));
            for (; i <= count - width; i += width)
            {
                var sum = initialized ? Vector.Load(accumulator + i) + (Vector.Load(s0 + i) * f0) : Vector.Load(s0 + i) * f0;
                sum += Vector.Load(s1 + i) * f1;
                sum += Vector.Load(s2 + i) * f2;
                sum += Vector.Load(s3 + i) * f3;
                Vector.Store(sum, accumulator + i);
            }
        }

        for (; i < count; i++)
        {
            var sum = initialized ? accumulator[i] + (c0 * s0[i]) : c0 * s0[i];
            sum += c1 * s1[i];
            sum += c2 * s2[i];
            sum += c3 * s3[i];
            accumulator[i] = sum;
        }
    }

    /// <summary>destination[i] = factor · source[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scale(float* destination, float* source, float factor, int count)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var f = new Vector<float>(factor);
            for (; i <= count - 2 * width; i += 2 * width)
            {
                Vector.Store(Vector.Load(source + i) * f, destination + i);
                Vector.Store(Vector.Load(source + i + width) * f, destination + i + width);
            }

            for (; i <= count - width; i += width)
            {
                Vector.Store(Vector.Load(source + i) * f, destination + i);
            }
        }

        for (; i < count; i++)
        {
            destination[i] = source[i] * factor;
        }
    }

    /// <summary>accumulator[i] += factor · source[i], rounding as <see cref="AddScaled(Span{float}, ReadOnlySpan{float}, float)"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddScaled(float* accumulator, float* source, float factor, int count)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var f = new Vector<float>(factor);
            for (; i <= count - 2 * width; i += 2 * width)
            {
                Vector.Store(Vector.Load(accumulator + i) + (Vector.Load(source + i) * f), accumulator + i);
                Vector.Store(Vector.Load(accumulator + i + width) + (Vector.Load(source + i + width) * f), accumulator + i + width);
            }

            for (; i <= count - width; i += width)
            {
                Vector.Store(Vector.Load(accumulator + i) + (Vector.Load(source + i) * f), accumulator + i);
            }
        }

        for (; i < count; i++)
        {
            accumulator[i] += factor * source[i];
        }
    }
}
