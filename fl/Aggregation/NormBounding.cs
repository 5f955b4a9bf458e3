using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// Norm bounding: an update's change to the global model is scaled down to an L2 bound before it is
/// aggregated, which caps what any one member, honest or not, can do in a round (Sun, Kairouz, Suresh
/// and McMahan, "Can You Really Backdoor Federated Learning?", 2019). An update within the bound is
/// left as it is.
/// </summary>
public static class NormBounding
{
    /// <summary>Coordinates per partial sum; fixed, so the reduction order never depends on the cores.</summary>
    private const int SubBlock = 1024;

    /// <summary>The factor min(1, bound / ‖Δ‖) that brings a change of norm <paramref name="deltaNorm"/> within <paramref name="bound"/>.</summary>
    public static double ScaleFactor(double deltaNorm, double bound)
    {
        CheckBound(bound);
        return deltaNorm > bound ? bound / deltaNorm : 1.0;
    }

    /// <summary>Writes ‖updateₖ − global‖ for every update into <paramref name="norms"/>, reading each update once.</summary>
    /// <exception cref="ArgumentException">No update, or lengths that differ from the global model's.</exception>
    public static unsafe void DeltaNorms(ReadOnlySpan<float> global, IReadOnlyList<ReadOnlyMemory<float>> updates, Span<double> norms)
    {
        ParameterAggregation.CheckShapes(updates, global.Length);
        var n = updates.Count;
        if (norms.Length != n)
        {
            throw new ArgumentException($"{n} updates need {n} norms, not {norms.Length}.", nameof(norms));
        }

        var length = global.Length;
        var blocks = Math.Max(1, CoordinateBlocks.Count(length));
        var partial = ArrayPool<double>.Shared.Rent(blocks * n);
        try
        {
            using (var pinned = new PinnedUpdates(updates))
            fixed (float* globalPointer = global)
            {
                var origin = (nint)globalPointer;
                CoordinateBlocks.Run(length, (long)length * (n + 1), (block, offset, count) =>
                {
                    for (var k = 0; k < n; k++)
                    {
                        partial[(block * n) + k] = SquaredDistance((float*)origin + offset, pinned[k] + offset, count);
                    }
                });
            }

            norms.Clear();
            for (var b = 0; b < CoordinateBlocks.Count(length); b++)
            {
                for (var k = 0; k < n; k++)
                {
                    norms[k] += partial[(b * n) + k];
                }
            }

            for (var k = 0; k < n; k++)
            {
                norms[k] = Math.Sqrt(norms[k]);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(partial);
        }
    }

    /// <summary>
    /// Writes global + s·(update − global) into <paramref name="destination"/>, with s the
    /// <see cref="ScaleFactor"/> for <paramref name="bound"/>, and returns s. An update within the bound
    /// is copied unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The bound is not positive and finite.</exception>
    public static double Clip(ReadOnlySpan<float> global, ReadOnlySpan<float> update, double bound, Span<float> destination)
    {
        CheckBound(bound);
        if (update.Length != global.Length || destination.Length != global.Length)
        {
            throw new ArgumentException($"The global model has {global.Length} values, the update {update.Length}, the destination {destination.Length}.", nameof(update));
        }

        var scale = ScaleFactor(ParameterAggregation.L2Distance(update, global), bound);
        Scale(global, update, (float)scale, destination);
        return scale;
    }

    /// <summary>destination = global + scale · (update − global); with scale 1, exactly the update.</summary>
    internal static void Scale(ReadOnlySpan<float> global, ReadOnlySpan<float> update, float scale, Span<float> destination)
    {
        if (scale == 1f)
        {
            update.CopyTo(destination);
            return;
        }

        for (var i = 0; i < global.Length; i++)
        {
            destination[i] = global[i] + (scale * (update[i] - global[i]));
        }
    }

    internal static void CheckBound(double bound)
    {
        if (!(bound > 0) || !double.IsFinite(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "A norm bound must be positive and finite.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double SquaredDistance(float* a, float* b, int count)
    {
        var width = Vector<float>.Count;
        var total = 0.0;
        var i = 0;
        for (; i + SubBlock <= count; i += SubBlock)
        {
            Vector<float> s0 = default, s1 = default;
            for (var v = i; v < i + SubBlock; v += 2 * width)
            {
                var d0 = Vector.Load(a + v) - Vector.Load(b + v);
                var d1 = Vector.Load(a + v + width) - Vector.Load(b + v + width);
                s0 += d0 * d0;
                s1 += d1 * d1;
            }

            total += Vector.Sum(s0 + s1);
        }

        for (; i < count; i++)
        {
            double d = a[i] - b[i];
            total += d * d;
        }

        return total;
    }
}
