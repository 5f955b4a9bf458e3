using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Models;

namespace Consortium.Experiments.Dispatch;

/// <summary>
/// The consortium's federated load forecast of one calendar day, per operator: the forecasting experiment's model trained
/// by FedAvg over the operators' hourly loads (the same operators as <see cref="Consortium.Dispatch.Sessions.CalendarFleets"/>,
/// the same chronological split, the day among its test days, never trained on), issued at the day's midnight from the
/// week before it. It gives the day's level: the energy each operator's sites will take, against the mean of the same
/// weekdays before.
/// </summary>
/// <param name="Operators">The operators, in plan order.</param>
/// <param name="ForecastKwh">Each operator's forecast of the day's energy at its sites.</param>
/// <param name="ActualKwh">The energy its sites took that day.</param>
/// <param name="HistoryMeanKwh">The mean of its same weekdays before (the weeks the history forecast averages).</param>
/// <param name="ModelHistoryKwh">The mean of the model's own forecasts of those same weekdays (the ones among the test
/// days, each issued at its midnight from the week before it); 0 where none of them is a test day.</param>
/// <param name="TestDays">The first and last days the model can forecast (its split's test days).</param>
/// <param name="Description">What the model is and how it was trained, in a line.</param>
public sealed record FederatedDayForecast(
    IReadOnlyList<string> Operators,
    double[] ForecastKwh,
    double[] ActualKwh,
    double[] HistoryMeanKwh,
    double[] ModelHistoryKwh,
    (DateOnly First, DateOnly Last) TestDays,
    string Description)
{
    /// <summary>
    /// Each operator's level: the model's forecast of the day over its forecasts of the same weekdays before, so a bias the
    /// model has at an operator's sites cancels and the level is the change it foresees from those days; over the history
    /// mean where the model forecast none of them (<see cref="DayLevel.Of"/>).
    /// </summary>
    public double[] Levels => [.. ForecastKwh.Select((f, o) => DayLevel.Of(f, ModelHistoryKwh[o] > 0 ? ModelHistoryKwh[o] : HistoryMeanKwh[o]))];

    /// <summary>Trains the model and forecasts <paramref name="date"/>.</summary>
    /// <param name="data">The councils' data.</param>
    /// <param name="operators">Operators (<see cref="ScottishCouncilData.Plan"/>).</param>
    /// <param name="date">The day; among the split's test days.</param>
    /// <param name="weeks">Same weekdays before the day the history mean takes.</param>
    /// <param name="rounds">FedAvg rounds (one local epoch each).</param>
    /// <param name="output">Receives the training's progress.</param>
    /// <exception cref="ArgumentException">The day is not one of the test days.</exception>
    public static async Task<FederatedDayForecast> TrainAsync(ScottishCouncilData data, int operators, DateOnly date, int weeks, int rounds, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var options = new ExperimentOptions { Operators = operators, Rounds = rounds };
        var experiment = ExperimentData.FromScottishCouncils(data, operators, [], options.WindowStride);
        var setting = new ExperimentSetting(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, null, operators);
        var results = await new ExperimentRunner(experiment, options, output).RunAsync([setting]).ConfigureAwait(false);
        var result = results.Settings[0];
        var first = DateOnly.FromDateTime(result.Regional.FirstHour);
        var days = result.Regional.ActualKw.Length / 24;
        var last = first.AddDays(days - 1);
        if (date < first || date > last)
        {
            throw new ArgumentException(
                $"--date {date:yyyy-MM-dd}: the federated load forecast is trained on the days before {first:yyyy-MM-dd} and forecasts {first:yyyy-MM-dd} to {last:yyyy-MM-dd}; give a day among them.",
                nameof(date));
        }

        var names = experiment.Base.Members.Select(m => m.Name).ToArray();
        var dayIndex = date.DayNumber - first.DayNumber;
        var forecast = new double[names.Length];
        var actual = new double[names.Length];
        var mean = new double[names.Length];
        var modelMean = new double[names.Length];
        for (var o = 0; o < names.Length; o++)
        {
            var (forecastKw, actualKw) = result.DayAhead[names[o]];
            forecast[o] = DayKwh(forecastKw, dayIndex);
            var earlier = Enumerable.Range(1, weeks).Select(w => dayIndex - (7 * w)).Where(d => d >= 0).ToArray();
            modelMean[o] = earlier.Length == 0 ? 0 : earlier.Average(d => DayKwh(forecastKw, d));
            actual[o] = actualKw.AsSpan(dayIndex * 24, 24).ToArray().Sum(k => (double)k);

            // The same weekdays before, from the operator's whole series.
            var load = experiment.Base.Members[o].Load;
            mean[o] = DayLevel.HistoryMeanKwh(load.Kw, load.FirstHour, date, weeks);
        }

        return new FederatedDayForecast(
            names,
            forecast,
            actual,
            mean,
            modelMean,
            (first, last),
            string.Create(CultureInfo.InvariantCulture, $"the consortium's federated load forecast (FedAvg, {rounds} rounds, the forecasting experiment's {options.Model} model and split), each operator's day-ahead energy over the model's own forecasts of its {weeks} same weekdays before"));
    }

    private static double DayKwh(float[] forecastKw, int day) => forecastKw.AsSpan(day * 24, 24).ToArray().Sum(k => Math.Max(0, (double)k));
}
