using System.Collections.Concurrent;
using System.Diagnostics;

namespace Consortium.Network.Security;

/// <summary>A token bucket per peer: <see cref="PeerCallLimits.CallsPerSecond"/> calls a second, bursts up to <see cref="PeerCallLimits.Burst"/>.</summary>
/// <param name="limits">The rate and burst.</param>
public sealed class PeerRateLimiter(PeerCallLimits limits)
{
    private readonly ConcurrentDictionary<ChainAddress, Bucket> _buckets = new();

    /// <summary>Takes one call from <paramref name="peer"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(ChainAddress peer)
    {
        var bucket = _buckets.GetOrAdd(peer, _ => new Bucket(limits.Burst));
        lock (bucket)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(bucket.Last, now).TotalSeconds;
            bucket.Last = now;
            bucket.Tokens = Math.Min(limits.Burst, bucket.Tokens + (elapsed * limits.CallsPerSecond));
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
