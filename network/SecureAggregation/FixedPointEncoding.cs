namespace Consortium.Network.SecureAggregation;

/// <summary>
/// Real numbers in the ring of 32-bit words where masks are added: each value, clipped to [−<see cref="Range"/>,
/// <see cref="Range"/>], is rounded to a multiple of 1/<see cref="Scale"/> and stored in two's complement. The scale is
/// the largest that keeps the sum of <see cref="Members"/> clipped values inside the signed 32-bit range, so the sum
/// decodes exactly (up to the rounding of each value, at most 1/(2·scale) per member and coordinate).
/// </summary>
public sealed class FixedPointEncoding
{
    /// <summary>The encoding of values within ±<paramref name="range"/> summed over at most <paramref name="members"/> members.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not positive and finite, or fewer than one member.</exception>
    public FixedPointEncoding(double range, int members)
    {
        if (!(range > 0 && double.IsFinite(range)))
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        Range = range;
        Members = members;
        Scale = Math.Floor(int.MaxValue / (members * range));
        if (Scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, $"{members} values within ±{range} do not fit a 32-bit sum.");
        }
    }

    /// <summary>The largest magnitude a value keeps; beyond it, values are clipped.</summary>
    public double Range { get; }

    /// <summary>Members whose values may be summed.</summary>
    public int Members { get; }

    /// <summary>Ring units per unit of value.</summary>
    public double Scale { get; }

    /// <summary>The largest error rounding adds to one value: half a ring unit.</summary>
    public double Resolution => 0.5 / Scale;

    /// <summary>Encodes <paramref name="values"/> (each clipped to the range) into <paramref name="words"/>; returns how many were clipped.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or a value is not a finite number.</exception>
    public int Encode(ReadOnlySpan<float> values, Span<uint> words)
    {
        if (values.Length != words.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fit {words.Length} words.", nameof(words));
        }

        var clipped = 0;
        for (var i = 0; i < values.Length; i++)
        {
            double value = values[i];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Value {i} is {value}, not a finite number.", nameof(values));
            }

            if (Math.Abs(value) > Range)
            {
                value = Math.CopySign(Range, value);
                clipped++;
            }

            words[i] = unchecked((uint)(int)Math.Round(value * Scale, MidpointRounding.ToEven));
        }

        return clipped;
    }

    /// <summary>Decodes a sum of at most <see cref="Members"/> encoded vectors into <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void DecodeSum(ReadOnlySpan<uint> sum, Span<double> values)
    {
        if (sum.Length != values.Length)
        {
            throw new ArgumentException($"{sum.Length} words do not fit {values.Length} values.", nameof(values));
        }

        for (var i = 0; i < sum.Length; i++)
        {
            values[i] = unchecked((int)sum[i]) / Scale;
        }
    }
}
