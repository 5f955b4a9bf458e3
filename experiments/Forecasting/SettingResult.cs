namespace Consortium.Experiments.Forecasting;

/// <summary>What one setting measured.</summary>
/// <param name="Index">1-based position in the experiment's plan.</param>
/// <param name="Setting">The setting.</param>
/// <param name="Members">Every operator of its consortium, attackers included.</param>
/// <param name="Attackers">The attackers (left out of <paramref name="Operators"/> and of the regional sum).</param>
/// <param name="Operators">The honest operators' errors.</param>
/// <param name="Regional">The honest operators' day-ahead forecasts and loads summed hour by hour.</param>
/// <param name="Privacy">How the DP setting was calibrated and what it spent; null without DP.</param>
/// <param name="Excluded">Updates left out of a round, with the reason ("round 3, dundee-a: ...").</param>
/// <param name="Seconds">Wall-clock time of the setting.</param>
public sealed record SettingResult(
    int Index,
    ExperimentSetting Setting,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Attackers,
    IReadOnlyList<OperatorOutcome> Operators,
    RegionalSeries Regional,
    PrivacyOutcome? Privacy,
    IReadOnlyList<string> Excluded,
    double Seconds)
{
    /// <summary>
    /// Each honest operator's day-ahead forecasts of the test days and its load on them, hour by hour from
    /// <see cref="RegionalSeries.FirstHour"/> of <see cref="Regional"/>, by operator name.
    /// </summary>
    public IReadOnlyDictionary<string, (float[] ForecastKw, float[] ActualKw)> DayAhead { get; init; } = new Dictionary<string, (float[], float[])>();

    /// <summary>Mean over the honest operators of their test RMSE, kW.</summary>
    public double MeanOperatorRmse => Mean(o => o.Test.RmseKw);

    /// <summary>Mean over the honest operators of their validation RMSE, kW.</summary>
    public double MeanOperatorValidationRmse => Mean(o => o.Validation.RmseKw);

    /// <summary>Mean test RMSE of the named operators only (e.g. the honest ones of an attacked run), kW.</summary>
    public double MeanRmseOf(IReadOnlyCollection<string> names, bool validation = false)
    {
        ArgumentNullException.ThrowIfNull(names);
        double sum = 0;
        var count = 0;
        foreach (var outcome in Operators)
        {
            if (names.Contains(outcome.Name))
            {
                sum += validation ? outcome.Validation.RmseKw : outcome.Test.RmseKw;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private double Mean(Func<OperatorOutcome, double> value)
    {
        double sum = 0;
        foreach (var outcome in Operators)
        {
            sum += value(outcome);
        }

        return Operators.Count == 0 ? double.NaN : sum / Operators.Count;
    }
}
