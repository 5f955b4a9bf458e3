using Consortium.Fl.Privacy;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// A secure round's sum formed in process, as the protocol forms it: each member's clipped change plus its noise share
/// (<see cref="DistributedNoise"/>), encoded in the ring's fixed point as <c>Network.SecureAggregation.FixedPointEncoding</c>
/// does (same scale, same rounding, same clipping to the range), and the words added modulo 2³². The pairwise and self masks
/// are left out: they cancel exactly in the ring, so the sum's words are the same with or without them.
/// </summary>
public static class SecureSumSimulation
{
    /// <summary>Ring units per unit of value for <paramref name="members"/> values within ±<paramref name="range"/>: the encoding's scale.</summary>
    public static double Scale(double range, int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var scale = Math.Floor(int.MaxValue / (members * range));
        return scale >= 1
            ? scale
            : throw new ArgumentOutOfRangeException(nameof(range), range, $"{members} values within ±{range} do not fit a 32-bit sum.");
    }

    /// <summary>Adds the encoding of <paramref name="values"/> into <paramref name="sum"/> (modulo 2³²); returns how many values the range clipped.</summary>
    public static int AddEncoded(ReadOnlySpan<float> values, double range, double scale, Span<uint> sum)
    {
        if (values.Length != sum.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fit {sum.Length} words.", nameof(sum));
        }

        var clipped = 0;
        for (var i = 0; i < values.Length; i++)
        {
            double value = values[i];
            if (Math.Abs(value) > range)
            {
                value = Math.CopySign(range, value);
                clipped++;
            }

            sum[i] = unchecked(sum[i] + (uint)(int)Math.Round(value * scale, MidpointRounding.ToEven));
        }

        return clipped;
    }

    /// <summary>The real sum a word sum decodes to.</summary>
    public static double[] Decode(ReadOnlySpan<uint> sum, double scale)
    {
        var values = new double[sum.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            values[i] = unchecked((int)sum[i]) / scale;
        }

        return values;
    }

    /// <summary>
    /// The mean change of one secure round with distributed DP: each of <paramref name="changes"/> (already clipped to C)
    /// gets its member's noise share from its seed, is encoded within <see cref="DistributedNoiseOptions.EncodingRange"/>
    /// for a sum of that many members, and the decoded sum is divided by the number of inputs.
    /// </summary>
    /// <param name="changes">The clipped changes of the members in the sum.</param>
    /// <param name="noise">C, σ and m_min; the sum must hold at least m_min inputs.</param>
    /// <param name="seeds">Each member's noise seed.</param>
    /// <param name="clipped">How many noisy values the encoding clipped (0 unless the range was too small).</param>
    public static double[] MeanChange(IReadOnlyList<float[]> changes, DistributedNoiseOptions noise, IReadOnlyList<ulong> seeds, out int clipped)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(seeds);
        if (changes.Count < noise.MinimumMembers || changes.Count != seeds.Count)
        {
            throw new ArgumentException($"{changes.Count} changes and {seeds.Count} seeds; a sum with distributed DP needs one seed per change and at least m_min = {noise.MinimumMembers} inputs.", nameof(changes));
        }

        var range = noise.EncodingRange;
        var scale = Scale(range, changes.Count);
        var sum = new uint[changes[0].Length];
        var input = new float[sum.Length];
        clipped = 0;
        for (var m = 0; m < changes.Count; m++)
        {
            changes[m].CopyTo(input, 0);
            DistributedNoise.AddShare(input, noise, seeds[m]);
            clipped += AddEncoded(input, range, scale, sum);
        }

        var mean = Decode(sum, scale);
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] /= changes.Count;
        }

        return mean;
    }

    /// <summary>
    /// The mean change of a consortium of <paramref name="simulatedMembers"/> members simulated on the real ones: the real
    /// members' clipped changes stand for the simulated members in equal parts (each real member for M/N of them), so the
    /// signal is the real changes' mean; the noise is what M shares add up to, divided by M. This is the analytical
    /// scaling of the noise with the member count, with the real training's signal; it assumes that more members bring
    /// changes like the ones measured. No encoding: at these counts rounding is far below the noise.
    /// </summary>
    public static double[] SimulatedMeanChange(IReadOnlyList<float[]> changes, DistributedNoiseOptions noise, int simulatedMembers, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentOutOfRangeException.ThrowIfLessThan(simulatedMembers, noise.MinimumMembers);
        if (changes.Count == 0)
        {
            throw new ArgumentException("A simulated sum needs at least one real change.", nameof(changes));
        }

        var noiseSum = new float[changes[0].Length];
        DistributedNoise.AddSumOfShares(noiseSum, noise, simulatedMembers, seed);
        var mean = new double[noiseSum.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            double signal = 0;
            foreach (var change in changes)
            {
                signal += change[i];
            }

            mean[i] = (signal / changes.Count) + ((double)noiseSum[i] / simulatedMembers);
        }

        return mean;
    }

    /// <summary>The change update − global scaled down to L2 norm at most <paramref name="clipNorm"/>, as a member clips it in a secure round.</summary>
    public static float[] ClippedChange(ReadOnlySpan<float> global, ReadOnlySpan<float> update, double clipNorm)
    {
        double squares = 0;
        for (var i = 0; i < global.Length; i++)
        {
            var change = (double)update[i] - global[i];
            squares += change * change;
        }

        var norm = Math.Sqrt(squares);
        var factor = norm > clipNorm ? clipNorm / norm : 1.0;
        var clipped = new float[global.Length];
        for (var i = 0; i < global.Length; i++)
        {
            clipped[i] = (float)(factor * ((double)update[i] - global[i]));
        }

        return clipped;
    }
}
