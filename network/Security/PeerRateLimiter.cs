using System.Collections.Concurrent;
using System.Diagnostics;

namespace Consortium.Network.Security;

/// <summary>A token bucket per peer, at the rate and burst <see cref="PeerCallLimits.RateFor"/> gives its role.</summary>
/// <param name="limits">The rate and burst.</param>
public sealed class PeerRateLimiter(PeerCallLimits limits)
{
    private readonly ConcurrentDictionary<ChainAddress, Bucket> _buckets = new();

    /// <summary>Takes one call from <paramref name="peer"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(ChainAddress peer, PeerRole role = PeerRole.Operator)
    {
        var (rate, burst) = limits.RateFor(role);
        var bucket = _buckets.GetOrAdd(peer, _ => new Bucket(burst));
        lock (bucket)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(bucket.Last, now).TotalSeconds;
            bucket.Last = now;
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (elapsed * rate));
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens)
    {
        public double Tokens { get; set; } = tokens;

        public long Last { get; set; } = Stopwatch.GetTimestamp();
    }
}
