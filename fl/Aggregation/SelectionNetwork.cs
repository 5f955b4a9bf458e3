using System.Collections.Concurrent;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// A comparator network that puts the values of a chosen range of ranks of n inputs in their sorted
/// places: Batcher's odd–even merge sort (Batcher, "Sorting networks and their applications", AFIPS
/// 1968) on the next power of two, with the padding wires held at +∞, pruned of the comparators that
/// cannot reach the wanted ranks. A network makes no data-dependent branch, so one pass orders every
/// lane of a SIMD vector, i.e. many coordinates at once, and gives the same answer on every machine.
/// </summary>
internal sealed class SelectionNetwork
{
    private static readonly ConcurrentDictionary<(int Inputs, int First, int Last), SelectionNetwork> Cache = new();

    private SelectionNetwork(int inputs, int wires, int[] low, int[] high)
    {
        Inputs = inputs;
        Wires = wires;
        Low = low;
        High = high;
    }

    /// <summary>Real inputs; wires from here to <see cref="Wires"/> must hold +∞.</summary>
    public int Inputs { get; }

    /// <summary>Wires of the network, a power of two at least <see cref="Inputs"/>.</summary>
    public int Wires { get; }

    /// <summary>For comparator c, the wire that receives the smaller value.</summary>
    public int[] Low { get; }

    /// <summary>For comparator c, the wire that receives the larger value.</summary>
    public int[] High { get; }

    /// <summary>The network for ranks <paramref name="first"/>..<paramref name="last"/> (0 = smallest) of <paramref name="inputs"/> values.</summary>
    public static SelectionNetwork For(int inputs, int first, int last)
    {
        if (inputs < 1 || first < 0 || last < first || last >= inputs)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), $"Ranks {first}..{last} of {inputs} inputs.");
        }

        return Cache.GetOrAdd((inputs, first, last), key => Build(key.Inputs, key.First, key.Last));
    }

    private static SelectionNetwork Build(int inputs, int first, int last)
    {
        var wires = 1;
        while (wires < inputs)
        {
            wires <<= 1;
        }

        var low = new List<int>();
        var high = new List<int>();
        var infinite = new bool[wires];
        for (var w = inputs; w < wires; w++)
        {
            infinite[w] = true;
        }

        for (var p = 1; p < wires; p <<= 1)
        {
            for (var k = p; k >= 1; k >>= 1)
            {
                for (var j = k % p; j + k < wires; j += 2 * k)
                {
                    for (var i = 0; i < k && i + j + k < wires; i++)
                    {
                        var a = i + j;
                        var b = a + k;
                        if (a / (2 * p) != b / (2 * p) || infinite[b])
                        {
                            // Another merge's pair, or a comparator whose upper wire is already +∞: nothing moves.
                            continue;
                        }

                        if (infinite[a])
                        {
                            infinite[a] = false;
                            infinite[b] = true;
                        }

                        low.Add(a);
                        high.Add(b);
                    }
                }
            }
        }

        // Backwards from the wanted ranks, keep only the comparators that can affect them.
        var needed = new bool[wires];
        for (var r = first; r <= last; r++)
        {
            needed[r] = true;
        }

        var keep = new bool[low.Count];
        var kept = 0;
        for (var c = low.Count - 1; c >= 0; c--)
        {
            if (needed[low[c]] || needed[high[c]])
            {
                needed[low[c]] = needed[high[c]] = true;
                keep[c] = true;
                kept++;
            }
        }

        var keptLow = new int[kept];
        var keptHigh = new int[kept];
        for (int c = 0, n = 0; c < low.Count; c++)
        {
            if (keep[c])
            {
                keptLow[n] = low[c];
                keptHigh[n] = high[c];
                n++;
            }
        }

        return new SelectionNetwork(inputs, wires, keptLow, keptHigh);
    }
}
