namespace Consortium.Fl.Battery;

/// <summary>
/// Naive forecasts the forecaster is measured against, laid out as <see cref="CapacityFadeTrainer.Forecast"/> lays
/// out its own (score them with <see cref="CapacityFadeTrainer.Score"/>).
/// </summary>
public static class CapacityFadeBaselines
{
    /// <summary>The recent trend carried on: the least-squares line through the last 50 cycles' state of health, extended h cycles.</summary>
    public static double[] RecentSlope(CapacityFadeSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Each(samples, (i, h) => samples.RecentLineSoh[i] - (samples.RecentFadePerCycle[i] * h));
    }

    /// <summary>No fade: the state of health h cycles ahead is SoH_t.</summary>
    public static double[] NoFade(CapacityFadeSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Each(samples, (i, _) => samples.CurrentSoh[i]);
    }

    private static double[] Each(CapacityFadeSamples samples, Func<int, int, double> forecast)
    {
        var horizons = CapacityFadeArchitecture.Horizons;
        var soh = new double[samples.Count * horizons.Count];
        for (var i = 0; i < soh.Length; i++)
        {
            soh[i] = forecast(i / horizons.Count, horizons[i % horizons.Count]);
        }

        return soh;
    }
}
