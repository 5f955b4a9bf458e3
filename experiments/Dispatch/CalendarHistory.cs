using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Dispatch.Sessions;

namespace Consortium.Experiments.Dispatch;

/// <summary>
/// <c>dispatch simulate --date</c>: the operators' fleets on a real calendar day (<see cref="CalendarFleets"/>) and
/// their history before it, the same weekdays of the weeks before (a week is public charging's season: a Saturday is
/// not a Tuesday). The consortium's forecast of the day is the mean of <see cref="DispatchSimulationOptions.OnlineForecastDays"/>
/// of them; the seasonal-naive one is the week before alone.
/// </summary>
internal sealed class CalendarHistory
{
    private readonly CalendarFleets _calendar;
    private readonly DispatchSimulationOptions _options;
    private readonly Dictionary<int, Fleet[]> _weeks = [];

    private CalendarHistory(CalendarFleets calendar, DispatchSimulationOptions options, DateOnly date, FederatedDayForecast federated)
    {
        _calendar = calendar;
        _options = options;
        Date = date;
        Federated = federated;
        Day = calendar.On(date, options.Seed, options.HorizonSteps, options.Chemistries);
        var days = Enumerable.Range(1, options.OnlineForecastDays).Select(WeeksBefore).ToArray();
        HistoryMean = [.. ArrivalForecast.MeanOfEach(days).Select((f, o) => f.WithSiteLimit(Day[o].SiteLimitKw))];
        var levels = federated.Levels;
        Forecast = [.. Enumerable.Range(0, Day.Length).Select(o => ArrivalForecast.MeanOf([.. days.Select(d => d[o])], levels[o]).WithSiteLimit(Day[o].SiteLimitKw))];
    }

    /// <summary>The federated load forecast of the day, which sets <see cref="Forecast"/>'s level.</summary>
    public FederatedDayForecast Federated { get; }

    /// <summary>Each operator's mean of its same weekdays before, at their own level (the history alone).</summary>
    public Fleet[] HistoryMean { get; }

    /// <summary>The day dispatched.</summary>
    public DateOnly Date { get; }

    /// <summary>Each operator's fleet on the day.</summary>
    public Fleet[] Day { get; }

    /// <summary>
    /// Each operator's forecast of the day, the consortium's: the mean of its same weekdays before (their arrivals, stays and
    /// needs), at the level the federated load forecast gives the day, behind its own site limit.
    /// </summary>
    public Fleet[] Forecast { get; }

    /// <summary>Where the fleets come from, in a line.</summary>
    public string Source => string.Create(CultureInfo.InvariantCulture, $"{_calendar.Source}; the day {Date:yyyy-MM-dd} ({Date.DayOfWeek})");

    /// <summary>Reads the sessions and checks that the day has the history the run asks for.</summary>
    /// <exception cref="ArgumentException">The day is outside the sessions, or too early for the weeks of history asked for.</exception>
    public static CalendarHistory Load(DispatchSimulationOptions options, DateOnly date, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var data = ScottishCouncilData.Load(ScottishCouncilData.LocateRoot());
        var calendar = CalendarFleets.From(data, options.Operators, options.Vehicles, output);
        var weeks = Math.Max(options.OnlineForecastDays, options.Offer ? options.OfferDays : 1);
        var earliest = calendar.First.AddDays(7 * weeks);
        if (date < earliest || date > calendar.Last)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"--date {date:yyyy-MM-dd}: the sessions cover {calendar.First:yyyy-MM-dd} to {calendar.Last:yyyy-MM-dd}, and {weeks} weeks of history before the day leave {earliest:yyyy-MM-dd} to {calendar.Last:yyyy-MM-dd}."),
                nameof(options));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the consortium's federated load forecast of the day: FedAvg over the {options.Operators} operators' loads, {options.ForecastRounds} rounds..."));
        // The simulation runs synchronously end to end; the training's own parallelism is inside.
        var federated = FederatedDayForecast.TrainAsync(data, options.Operators, date, options.OnlineForecastDays, options.ForecastRounds, output).GetAwaiter().GetResult();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  the day's energy at the operators' sites: forecast {federated.ForecastKwh.Sum():F0} kWh (the model's forecasts of the {options.OnlineForecastDays} {date.DayOfWeek}s before {federated.ModelHistoryKwh.Sum():F0} kWh on average), the {date.DayOfWeek}s before took {federated.HistoryMeanKwh.Sum():F0} kWh on average, the day {federated.ActualKwh.Sum():F0} kWh"));
        var history = new CalendarHistory(calendar, options, date, federated);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {date:yyyy-MM-dd} ({date.DayOfWeek}): {history.Day.Sum(f => f.Count):N0} vehicles (the mean day {options.Vehicles:N0}); the {options.OnlineForecastDays} {date.DayOfWeek}s before: {string.Join(", ", Enumerable.Range(1, options.OnlineForecastDays).Select(k => history.WeeksBefore(k).Sum(f => f.Count).ToString("N0", CultureInfo.InvariantCulture)))}"));
        return history;
    }

    /// <summary>Every operator's fleet on the same weekday <paramref name="weeks"/> weeks before the day (drawn with the seed + weeks).</summary>
    public Fleet[] WeeksBefore(int weeks)
    {
        lock (_weeks)
        {
            if (!_weeks.TryGetValue(weeks, out var fleets))
            {
                fleets = _calendar.On(Date.AddDays(-7 * weeks), _options.Seed + weeks, _options.HorizonSteps, _options.Chemistries);
                _weeks.Add(weeks, fleets);
            }

            return fleets;
        }
    }
}
