namespace Consortium.Dispatch.Coordination;

/// <summary>Arithmetic over the operators' aggregate profiles (one array of kW per step and operator), shared by the stages.</summary>
internal static class Profiles
{
    /// <summary>All-zero profiles for <paramref name="count"/> operators.</summary>
    public static double[][] New(int count, int steps)
    {
        var profiles = new double[count][];
        for (var i = 0; i < count; i++)
        {
            profiles[i] = new double[steps];
        }

        return profiles;
    }

    /// <summary>Writes the operators' mean profile into <paramref name="mean"/>.</summary>
    public static void MeanOf(double[][] profiles, double[] mean)
    {
        Array.Clear(mean);
        foreach (var x in profiles)
        {
            for (var t = 0; t < mean.Length; t++)
            {
                mean[t] += x[t] / profiles.Length;
            }
        }
    }

    /// <summary>Σₜ |Σᵢ profileᵢₜ − targetₜ|, kW.</summary>
    public static double AbsoluteDeviation(double[][] profiles, double[] targetKw)
    {
        var sum = 0.0;
        for (var t = 0; t < targetKw.Length; t++)
        {
            var total = 0.0;
            foreach (var profile in profiles)
            {
                total += profile[t];
            }

            sum += Math.Abs(total - targetKw[t]);
        }

        return sum;
    }

    /// <summary>Σ |value|.</summary>
    public static double SumAbs(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }
}
