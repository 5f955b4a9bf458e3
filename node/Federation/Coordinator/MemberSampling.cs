namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Which members train in a round: a share of the active members drawn without replacement by a
/// generator seeded with the consortium seed and the round id, so anyone can replay the draw.
/// </summary>
public static class MemberSampling
{
    /// <summary>Draws ⌈fraction·n⌉ members (at least <paramref name="quorum"/> where there are that many), in their original order.</summary>
    public static IReadOnlyList<T> Choose<T>(IReadOnlyList<T> active, double fraction, int quorum, long seed, long round)
    {
        ArgumentNullException.ThrowIfNull(active);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The sample fraction must be in (0, 1].");
        }

        var count = Math.Min(active.Count, Math.Max(Math.Max(1, quorum), (int)Math.Ceiling(fraction * active.Count)));
        if (count >= active.Count)
        {
            return active;
        }

        var random = new Random(unchecked((int)((seed * 1_000_003) ^ (round * 7_919))));
        var order = Enumerable.Range(0, active.Count).ToArray();
        random.Shuffle(order);
        var chosen = order.AsSpan(0, count).ToArray();
        Array.Sort(chosen);
        return chosen.Select(i => active[i]).ToList();
    }
}
