using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Consortium.Network.SecureAggregation;

/// <summary>
/// Who masks with whom and holds whose shares in a secure round, after SecAgg+ (Bell, Bohler, Gascón, Lepoint and
/// Raykova, "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020): a Harary graph H(n, k) (each
/// member joined to the k/2 members before and after it on a ring) over an order of the members drawn from a public
/// seed, so that nobody chooses their neighbours. k grows with the logarithm of n (every other member while n is small);
/// a member's secrets are shared t-of-k among its neighbours, t a strict majority of them from four neighbours on, and
/// one fewer than k below that so that a round of three or four members still completes when one drops (at three, one
/// neighbour's share recovers a dropped member's secret: the coordinator alone learns nothing, a coordinator colluding
/// with one member can).
/// </summary>
public sealed class NeighbourGraph
{
    private readonly int[][] _neighbours;

    private NeighbourGraph(int members, int degree, int threshold, int[][] neighbours)
    {
        Members = members;
        Degree = degree;
        Threshold = threshold;
        _neighbours = neighbours;
    }

    /// <summary>Members in the round.</summary>
    public int Members { get; }

    /// <summary>Neighbours of each member, k.</summary>
    public int Degree { get; }

    /// <summary>Shares that recover a member's secret, t.</summary>
    public int Threshold { get; }

    /// <summary>The degree for <paramref name="members"/> members: 2·⌈log₂ n⌉ rounded to even, at most n − 1.</summary>
    public static int DegreeFor(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 2);
        var logarithmic = 2 * (int)Math.Ceiling(Math.Log2(members));
        return Math.Min(members - 1, logarithmic);
    }

    /// <summary>Shares that recover a secret shared among <paramref name="degree"/> neighbours.</summary>
    public static int ThresholdFor(int degree) => degree >= 4 ? (degree / 2) + 1 : Math.Max(1, degree - 1);

    /// <summary>The graph of <paramref name="members"/> members, ordered by <paramref name="seed"/> (the round's public seed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than three members (secure aggregation of two reveals each to the other), or more than 10,000.</exception>
    public static NeighbourGraph Create(int members, ReadOnlySpan<byte> seed)
    {
        if (members is < 3 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(members), members, "Secure aggregation needs 3 to 10,000 members.");
        }

        var degree = DegreeFor(members);
        var threshold = ThresholdFor(degree);

        // A seeded Fisher–Yates shuffle places the members on the ring.
        var order = Enumerable.Range(0, members).ToArray();
        var random = new SeededRandom(seed);
        for (var i = members - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var position = new int[members];
        for (var p = 0; p < members; p++)
        {
            position[order[p]] = p;
        }

        var neighbours = new int[members][];
        for (var m = 0; m < members; m++)
        {
            var set = new SortedSet<int>();
            for (var step = 1; set.Count < degree; step++)
            {
                set.Add(order[(position[m] + step) % members]);
                if (set.Count < degree)
                {
                    set.Add(order[((position[m] - step) % members + members) % members]);
                }
            }

            neighbours[m] = [.. set];
        }

        return new NeighbourGraph(members, degree, threshold, neighbours);
    }

    /// <summary>The neighbours of member <paramref name="member"/>, in increasing order.</summary>
    public IReadOnlyList<int> NeighboursOf(int member) => _neighbours[member];

    /// <summary>Whether two members are neighbours.</summary>
    public bool AreNeighbours(int a, int b) => Array.BinarySearch(_neighbours[a], b) >= 0;

    /// <summary>A deterministic stream of integers from a seed (SHA-256 in counter mode), for the public shuffle.</summary>
    private sealed class SeededRandom(ReadOnlySpan<byte> seed)
    {
        private readonly byte[] _seed = seed.ToArray();
        private ulong _counter;

        public int Next(int bound)
        {
            // Rejection sampling keeps the draw uniform.
            var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
            var input = new byte[_seed.Length + 8];
            _seed.CopyTo(input, 0);
            Span<byte> digest = stackalloc byte[32];
            while (true)
            {
                BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(_seed.Length), _counter++);
                SHA256.HashData(input, digest);
                var value = BinaryPrimitives.ReadUInt64BigEndian(digest);
                if (value < limit)
                {
                    return (int)(value % (ulong)bound);
                }
            }
        }
    }
}
