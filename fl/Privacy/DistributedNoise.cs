using System.Security.Cryptography;

namespace Consortium.Fl.Privacy;

/// <summary>A member's share of the noise of distributed DP (<see cref="DistributedNoiseOptions"/>).</summary>
public static class DistributedNoise
{
    /// <summary>Adds the member's noise share to every value of <paramref name="change"/>, from a freshly drawn secret seed.</summary>
    public static void AddShare(Span<float> change, DistributedNoiseOptions options) => AddShare(change, options, SecretSeed());

    /// <summary>
    /// Adds independent Gaussian noise of standard deviation σ·C/√m_min to every value of <paramref name="change"/> (a
    /// member's clipped change, before it is encoded). The seed must stay on the member's node: whoever knows it can
    /// remove the noise. A fixed seed is for tests and experiments.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static void AddShare(Span<float> change, DistributedNoiseOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var deviation = options.ShareStandardDeviation;
        var noise = new GaussianNoise(seed);
        for (var i = 0; i < change.Length; i++)
        {
            if (!float.IsFinite(change[i]))
            {
                throw new ArgumentException($"Value {i} of the change is {change[i]}, not a finite number.", nameof(change));
            }

            change[i] = (float)(change[i] + (deviation * noise.Next()));
        }
    }

    /// <summary>
    /// Adds to every value the noise <paramref name="members"/> shares add up to: one Gaussian draw of standard deviation
    /// σ·C·√(m/m_min), the distribution of a sum of m independent shares. For simulating a sum of more members than exist.
    /// </summary>
    public static void AddSumOfShares(Span<float> values, DistributedNoiseOptions options, int members, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var deviation = options.SumStandardDeviation(members);
        var noise = new GaussianNoise(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] + (deviation * noise.Next()));
        }
    }

    private static ulong SecretSeed()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
