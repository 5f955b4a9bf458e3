using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// Krum and multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, "Machine Learning with
/// Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS 2017): each update is scored by the sum of
/// its squared distances to its n − f − 2 nearest other updates, where f is the number of Byzantine
/// members assumed; the lowest scores mark the updates that sit inside the honest crowd. The guarantee
/// of the paper needs n &gt; 2f + 2.
/// </summary>
public static class KrumSelection
{
    /// <summary>Coordinates per partial sum; fixed, so the reduction order never depends on the cores.</summary>
    private const int ChunkLength = 1 << 18;

    /// <summary>
    /// Writes the squared Euclidean distance between every two updates into the row-major n × n matrix
    /// <paramref name="distances"/> (symmetric, zero on the diagonal). Each coordinate is read once per
    /// cache-sized block for all pairs, differences are squared directly (no ‖a‖² + ‖b‖² − 2a·b
    /// cancellation), and sums are carried in double precision.
    /// </summary>
    /// <exception cref="ArgumentException">No update, updates of different lengths, or a matrix of the wrong size.</exception>
    public static unsafe void SquaredDistances(IReadOnlyList<ReadOnlyMemory<float>> updates, Span<double> distances)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var n = updates.Count;
        ParameterAggregation.CheckShapes(updates, n == 0 ? 0 : updates[0].Length);
        if (distances.Length != n * n)
        {
            throw new ArgumentException($"{n} updates need a {n}×{n} matrix of {n * n} values, not {distances.Length}.", nameof(distances));
        }

        var length = updates[0].Length;
        var pairs = n * (n - 1) / 2;
        var chunks = Math.Max(1, CoordinateBlocks.Count(length, ChunkLength));
        var partial = ArrayPool<double>.Shared.Rent(Math.Max(1, chunks * pairs));
        try
        {
            Array.Clear(partial, 0, chunks * pairs);
            using (var pinned = new PinnedUpdates(updates))
            {
                var block = SubBlockLength(n);
                CoordinateBlocks.Run(length, (long)length * n * n / 2, (chunk, offset, count) =>
                {
                    fixed (double* sums = &partial[chunk * pairs])
                    {
                        for (var start = offset; start < offset + count; start += block)
                        {
                            AddPairSums(pinned, start, Math.Min(block, offset + count - start), sums);
                        }
                    }
                }, ChunkLength);
            }

            distances.Clear();
            for (var c = 0; c < chunks; c++)
            {
                var p = c * pairs;
                for (var j = 0; j < n; j++)
                {
                    for (var k = j + 1; k < n; k++, p++)
                    {
                        distances[(j * n) + k] += partial[p];
                    }
                }
            }

            for (var j = 0; j < n; j++)
            {
                for (var k = j + 1; k < n; k++)
                {
                    distances[(k * n) + j] = distances[(j * n) + k];
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(partial);
        }
    }

    /// <summary>
    /// Writes each update's Krum score: the sum of its squared distances to its
    /// <paramref name="count"/> − <paramref name="assumedByzantine"/> − 2 nearest other updates.
    /// </summary>
    /// <param name="distances">The n × n matrix of <see cref="SquaredDistances"/>.</param>
    /// <param name="count">n, the number of updates.</param>
    /// <param name="assumedByzantine">f, the number of updates that may be arbitrary.</param>
    /// <param name="scores">Receives n scores; lower is more central.</param>
    /// <exception cref="ArgumentOutOfRangeException">f is negative or leaves no neighbour to score against (n &lt; f + 3).</exception>
    public static void Scores(ReadOnlySpan<double> distances, int count, int assumedByzantine, Span<double> scores)
    {
        var neighbours = Neighbours(count, assumedByzantine);
        if (distances.Length != count * count || scores.Length != count)
        {
            throw new ArgumentException($"{count} updates need a {count}×{count} matrix and {count} scores.", nameof(distances));
        }

        var others = ArrayPool<double>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var o = 0;
                for (var k = 0; k < count; k++)
                {
                    if (k != i)
                    {
                        others[o++] = distances[(i * count) + k];
                    }
                }

                var nearest = others.AsSpan(0, count - 1);
                nearest.Sort();
                var score = 0.0;
                for (var k = 0; k < neighbours; k++)
                {
                    score += nearest[k];
                }

                scores[i] = score;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(others);
        }
    }

    /// <summary>
    /// Multi-Krum's choice: the indices of the <paramref name="selected"/>.Length updates with the lowest
    /// Krum scores, best first, ties going to the lower index.
    /// </summary>
    /// <param name="updates">The update vectors.</param>
    /// <param name="assumedByzantine">f, the number of updates that may be arbitrary.</param>
    /// <param name="selected">Receives m indices, 1 ≤ m ≤ n; m = 1 is plain Krum.</param>
    /// <exception cref="ArgumentOutOfRangeException">m out of range, or f leaves no neighbour to score against.</exception>
    public static void SelectMultiKrum(IReadOnlyList<ReadOnlyMemory<float>> updates, int assumedByzantine, Span<int> selected)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var n = updates.Count;
        if (selected.Length < 1 || selected.Length > n)
        {
            throw new ArgumentOutOfRangeException(nameof(selected), selected.Length, $"Multi-Krum selects between 1 and {n} of {n} updates.");
        }

        Neighbours(n, assumedByzantine);
        var distances = ArrayPool<double>.Shared.Rent(n * n);
        var scores = ArrayPool<double>.Shared.Rent(n);
        var order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            SquaredDistances(updates, distances.AsSpan(0, n * n));
            Scores(distances.AsSpan(0, n * n), n, assumedByzantine, scores.AsSpan(0, n));

            // Insertion sort by (score, index): n is a count of members, and the order must be total.
            for (var i = 0; i < n; i++)
            {
                var j = i;
                while (j > 0 && scores[order[j - 1]] > scores[i])
                {
                    order[j] = order[j - 1];
                    j--;
                }

                order[j] = i;
            }

            order.AsSpan(0, selected.Length).CopyTo(selected);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(distances);
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>n − f − 2, checked to be at least one.</summary>
    internal static int Neighbours(int count, int assumedByzantine)
    {
        if (assumedByzantine < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(assumedByzantine), assumedByzantine, "The number of Byzantine members assumed cannot be negative.");
        }

        var neighbours = count - assumedByzantine - 2;
        if (neighbours < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(assumedByzantine),
                assumedByzantine,
                $"Krum with f = {assumedByzantine} needs at least {assumedByzantine + 3} updates, there are {count}.");
        }

        return neighbours;
    }

    /// <summary>Coordinates whose values of all n updates fit in about 256 KiB, a multiple of the SIMD width.</summary>
    private static int SubBlockLength(int n)
    {
        var width = Vector<float>.Count;
        var length = Math.Clamp(65_536 / n, 4 * width, 16_384);
        return length / width * width;
    }

    /// <summary>Adds, for every pair j &lt; k, Σ (u_j − u_k)² over <paramref name="count"/> coordinates from <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddPairSums(PinnedUpdates updates, int start, int count, double* sums)
    {
        var n = updates.Count;
        var width = Vector<float>.Count;
        var vectorEnd = count / width * width;
        var p = 0;
        for (var j = 0; j < n; j++)
        {
            var a = updates[j] + start;
            var k = j + 1;
            for (; k + 4 <= n; k += 4, p += 4)
            {
                var b0 = updates[k] + start;
                var b1 = updates[k + 1] + start;
                var b2 = updates[k + 2] + start;
                var b3 = updates[k + 3] + start;
                Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (var i = 0; i < vectorEnd; i += width)
                {
                    var x = Vector.Load(a + i);
                    var d0 = x - Vector.Load(b0 + i);
                    var d1 = x - Vector.Load(b1 + i);
                    var d2 = x - Vector.Load(b2 + i);
                    var d3 = x - Vector.Load(b3 + i);
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }

                sums[p] += Vector.Sum(s0) + Tail(a, b0, vectorEnd, count);
                sums[p + 1] += Vector.Sum(s1) + Tail(a, b1, vectorEnd, count);
                sums[p + 2] += Vector.Sum(s2) + Tail(a, b2, vectorEnd, count);
                sums[p + 3] += Vector.Sum(s3) + Tail(a, b3, vectorEnd, count);
            }

            for (; k < n; k++, p++)
            {
                var b = updates[k] + start;
                Vector<float> s = default;
                for (var i = 0; i < vectorEnd; i += width)
                {
                    var d = Vector.Load(a + i) - Vector.Load(b + i);
                    s += d * d;
                }

                sums[p] += Vector.Sum(s) + Tail(a, b, vectorEnd, count);
            }
        }
    }

    private static unsafe double Tail(float* a, float* b, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
