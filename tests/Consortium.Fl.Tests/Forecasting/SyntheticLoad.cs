namespace Consortium.Fl.Tests.Forecasting;

/// <summary>Hand-made hourly loads whose shape tests can reason about.</summary>
internal static class SyntheticLoad
{
    /// <summary>Monday 2018-01-01 00:00.</summary>
    public static readonly DateTime Monday = new(2018, 1, 1);

    /// <summary>A load that repeats every week exactly: a daytime hump, lower at weekends.</summary>
    public static float[] WeeklyPattern(int weeks)
    {
        var load = new float[weeks * 168];
        for (var h = 0; h < load.Length; h++)
        {
            var hourOfDay = h % 24;
            var weekend = h % 168 >= 120;
            var daytime = MathF.Max(0, MathF.Sin(MathF.PI * (hourOfDay - 6) / 14));
            load[h] = 2 + (weekend ? 5 : 12) * daytime;
        }

        return load;
    }

    /// <summary>The weekly pattern with deterministic noise of up to ±<paramref name="amplitude"/> kW.</summary>
    public static float[] NoisyWeeklyPattern(int weeks, float amplitude, int seed)
    {
        var load = WeeklyPattern(weeks);
        var random = new Random(seed);
        for (var h = 0; h < load.Length; h++)
        {
            load[h] = MathF.Max(0, load[h] + amplitude * (2 * random.NextSingle() - 1));
        }

        return load;
    }
}
