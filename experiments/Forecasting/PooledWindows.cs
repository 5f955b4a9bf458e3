using Consortium.Fl.Forecasting;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The centralized reference's training data: every operator's training hours, each divided by its
/// own scale (as its member would see them), laid end to end in one series with scale 1.
/// </summary>
/// <remarks>
/// Each operator contributes the last whole weeks of its training part, so every segment starts on
/// the same weekday and hour as the first and the calendar features of every hour stay true. The
/// windows that straddle two segments (one week of inputs, a day of targets, per joint) read the end
/// of one operator and the start of the next: about 1 % of the windows at three operators.
/// </remarks>
public static class PooledWindows
{
    /// <summary>The pooled training windows, every <paramref name="stride"/> hours.</summary>
    public static ForecastWindows Build(IReadOnlyList<ExperimentOperator> operators, int stride)
    {
        ArgumentNullException.ThrowIfNull(operators);
        if (operators.Count == 0)
        {
            throw new ArgumentException("No operator to pool.", nameof(operators));
        }

        const int week = 168;
        var end = operators[0].TrainingEndHour;
        var length = end / week * week;
        var start = end - length;
        var pooled = new float[length * operators.Count];
        for (var k = 0; k < operators.Count; k++)
        {
            var member = operators[k];
            if (member.TrainingEndHour != end || member.Load.FirstHour != operators[0].Load.FirstHour)
            {
                throw new ArgumentException($"Operator {member.Name}'s training part differs from {operators[0].Name}'s; they cannot be pooled.", nameof(operators));
            }

            var inverseScale = 1f / member.Split.History.ScaleKw;
            var source = member.Load.Kw.AsSpan(start, length);
            var destination = pooled.AsSpan(k * length, length);
            for (var h = 0; h < length; h++)
            {
                destination[h] = source[h] * inverseScale;
            }
        }

        var history = new LoadHistory(pooled, operators[0].Load.FirstHour.AddHours(start), 1f);
        return ForecastWindows.Covering(history, 0, history.Hours, stride);
    }
}
