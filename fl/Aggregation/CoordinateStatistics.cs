using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// Coordinate-wise order statistics of a set of updates, robust to a minority of arbitrary updates
/// (Yin, Chen, Ramchandran and Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
/// Statistical Rates", ICML 2018): each coordinate of the result is computed from that coordinate of
/// every update alone. Weights play no part, since a member could lie about its sample count.
/// </summary>
/// <remarks>
/// The updates are read in blocks; within a block the values of a group of coordinates are put in
/// order by a branch-free comparator network (<see cref="SelectionNetwork"/>), one coordinate per SIMD
/// lane, so the cost is the same whatever the data. Sums of the retained values are taken in double
/// precision, in rank order, so n equal values give exactly that value back.
/// </remarks>
public static class CoordinateStatistics
{
    /// <summary>
    /// Writes the coordinate-wise median into <paramref name="destination"/>: the middle value of each
    /// coordinate, or the mean of the two middle values when the number of updates is even.
    /// </summary>
    /// <exception cref="ArgumentException">No update, or an update of another length than the destination.</exception>
    public static void Median(IReadOnlyList<ReadOnlyMemory<float>> updates, Span<float> destination)
    {
        ParameterAggregation.CheckShapes(updates, destination.Length);
        var n = updates.Count;
        MeanOfRanks(updates, (n - 1) / 2, n / 2, destination);
    }

    /// <summary>
    /// Writes the coordinate-wise trimmed mean into <paramref name="destination"/>: for each coordinate,
    /// the <paramref name="trimmed"/> smallest and <paramref name="trimmed"/> largest values are dropped
    /// and the rest averaged.
    /// </summary>
    /// <param name="updates">The update vectors.</param>
    /// <param name="trimmed">Values dropped at each end; at least 0, and fewer than half the updates.</param>
    /// <param name="destination">Receives the result.</param>
    /// <exception cref="ArgumentException">No update, or an update of another length than the destination.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trimmed"/> would leave no value.</exception>
    public static void TrimmedMean(IReadOnlyList<ReadOnlyMemory<float>> updates, int trimmed, Span<float> destination)
    {
        ParameterAggregation.CheckShapes(updates, destination.Length);
        var n = updates.Count;
        if (trimmed < 0 || 2 * trimmed >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(trimmed), trimmed, $"Trimming {trimmed} values at each end of {n} leaves none.");
        }

        MeanOfRanks(updates, trimmed, n - 1 - trimmed, destination);
    }

    /// <summary>Each coordinate's mean of its values of ranks <paramref name="first"/>..<paramref name="last"/> (0 = smallest).</summary>
    private static unsafe void MeanOfRanks(IReadOnlyList<ReadOnlyMemory<float>> updates, int first, int last, Span<float> destination)
    {
        var network = SelectionNetwork.For(updates.Count, first, last);
        var length = destination.Length;
        using var pinned = new PinnedUpdates(updates);
        fixed (float* destinationPointer = destination)
        {
            var target = (nint)destinationPointer;
            CoordinateBlocks.Run(length, (long)length * updates.Count * 8, (_, offset, count) =>
            {
                var scratch = ArrayPool<float>.Shared.Rent(network.Wires * GroupWidth);
                try
                {
                    fixed (float* rows = scratch)
                    {
                        for (var g = 0; g < count; g += GroupWidth)
                        {
                            var lanes = Math.Min(GroupWidth, count - g);
                            Gather(pinned, offset + g, lanes, network, rows);
                            Order(network, rows);
                            Emit(rows, first, last, (float*)target + offset + g, lanes);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(scratch);
                }
            });
        }
    }

    /// <summary>Coordinates ordered together: two SIMD vectors, so each comparator's wire offsets are read once per two.</summary>
    private static int GroupWidth => 2 * Vector<float>.Count;

    /// <summary>Row k of the scratch receives update k's values at <paramref name="at"/>; rows past the inputs hold +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Gather(PinnedUpdates updates, int at, int lanes, SelectionNetwork network, float* rows)
    {
        var width = Vector<float>.Count;
        var group = GroupWidth;
        if (lanes == group)
        {
            for (var k = 0; k < updates.Count; k++)
            {
                var source = updates[k] + at;
                Vector.Store(Vector.Load(source), rows + (k * group));
                Vector.Store(Vector.Load(source + width), rows + (k * group) + width);
            }
        }
        else
        {
            for (var k = 0; k < updates.Count; k++)
            {
                var source = updates[k] + at;
                var row = rows + (k * group);
                for (var l = 0; l < group; l++)
                {
                    row[l] = l < lanes ? source[l] : 0f;
                }
            }
        }

        var infinity = new Vector<float>(float.PositiveInfinity);
        for (var w = network.Inputs; w < network.Wires; w++)
        {
            Vector.Store(infinity, rows + (w * group));
            Vector.Store(infinity, rows + (w * group) + width);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Order(SelectionNetwork network, float* rows)
    {
        var width = Vector<float>.Count;
        var group = GroupWidth;
        var low = network.Low;
        var high = network.High;
        for (var c = 0; c < low.Length; c++)
        {
            var a = rows + (low[c] * group);
            var b = rows + (high[c] * group);
            var a0 = Vector.Load(a);
            var b0 = Vector.Load(b);
            var a1 = Vector.Load(a + width);
            var b1 = Vector.Load(b + width);
            Vector.Store(Vector.MinNative(a0, b0), a);
            Vector.Store(Vector.MaxNative(a0, b0), b);
            Vector.Store(Vector.MinNative(a1, b1), a + width);
            Vector.Store(Vector.MaxNative(a1, b1), b + width);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Emit(float* rows, int first, int last, float* destination, int lanes)
    {
        var width = Vector<float>.Count;
        var group = GroupWidth;
        Vector<float> result0, result1;
        if (first == last)
        {
            result0 = Vector.Load(rows + (first * group));
            result1 = Vector.Load(rows + (first * group) + width);
        }
        else
        {
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var r = first; r <= last; r++)
            {
                Vector.Widen(Vector.Load(rows + (r * group)), out var w0, out var w1);
                Vector.Widen(Vector.Load(rows + (r * group) + width), out var w2, out var w3);
                s0 += w0;
                s1 += w1;
                s2 += w2;
                s3 += w3;
            }

            var count = new Vector<double>(last - first + 1);
            result0 = Vector.Narrow(s0 / count, s1 / count);
            result1 = Vector.Narrow(s2 / count, s3 / count);
        }

        if (lanes == group)
        {
            Vector.Store(result0, destination);
            Vector.Store(result1, destination + width);
            return;
        }

        for (var l = 0; l < lanes; l++)
        {
            destination[l] = l < width ? result0[l] : result1[l - width];
        }
    }
}
