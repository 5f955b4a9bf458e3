namespace Consortium.Fl.Forecasting;

/// <summary>
/// Forecast samples over one <see cref="LoadHistory"/>: for each target start hour t, the network
/// reads hours [t - <see cref="InputHours"/>, t) and should output the load of hours
/// [t, t + <see cref="HorizonHours"/>).
/// </summary>
public sealed class ForecastWindows
{
    /// <summary>Hours of history the forecast reads: one week.</summary>
    public const int InputHours = 168;

    /// <summary>Hours forecast: one day.</summary>
    public const int HorizonHours = 24;

    private readonly int[] _targetStarts;

    private ForecastWindows(LoadHistory history, int[] targetStarts)
    {
        History = history;
        _targetStarts = targetStarts;
    }

    /// <summary>The series the windows read.</summary>
    public LoadHistory History { get; }

    /// <summary>Number of windows.</summary>
    public int Count => _targetStarts.Length;

    /// <summary>Number of forecast values (windows times horizon).</summary>
    public long ValueCount => (long)Count * HorizonHours;

    /// <summary>Hour index (into <see cref="History"/>) of the first forecast hour of each window, ascending.</summary>
    public ReadOnlySpan<int> TargetStarts => _targetStarts;

    /// <summary>
    /// Every window, every <paramref name="stride"/> hours, whose target hours lie in
    /// [<paramref name="firstTargetHour"/>, <paramref name="endHour"/>) and whose input hours lie in the series.
    /// Inputs may reach back before <paramref name="firstTargetHour"/>; targets never leave the range.
    /// </summary>
    public static ForecastWindows Covering(LoadHistory history, int firstTargetHour, int endHour, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstTargetHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endHour, history.Hours);
        var first = Math.Max(firstTargetHour, InputHours);
        var last = endHour - HorizonHours;
        var count = last < first ? 0 : (last - first) / stride + 1;
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = first + i * stride;
        }

        return new ForecastWindows(history, starts);
    }

    /// <summary>Local start time of the first forecast hour of window <paramref name="window"/>.</summary>
    public DateTime TargetStartTime(int window) => History.FirstHour.AddHours(_targetStarts[window]);

    /// <summary>The actual load (kW) the window should forecast.</summary>
    public ReadOnlySpan<float> ActualKw(int window) => History.LoadKw.Slice(_targetStarts[window], HorizonHours);

    /// <summary>The load (kW) one week before each forecast hour: the seasonal-naive forecast.</summary>
    public ReadOnlySpan<float> SameHoursLastWeekKw(int window) =>
        History.LoadKw.Slice(_targetStarts[window] - InputHours, HorizonHours);

    /// <summary>Writes the network inputs of the given windows as [windows, InputHours, FeaturesPerHour].</summary>
    internal void FillInputs(ReadOnlySpan<int> windows, Span<float> destination)
    {
        const int size = InputHours * LoadHistory.FeaturesPerHour;
        for (var i = 0; i < windows.Length; i++)
        {
            History.Features(_targetStarts[windows[i]] - InputHours, InputHours).CopyTo(destination.Slice(i * size, size));
        }
    }

    /// <summary>Writes the scaled targets of the given windows as [windows, HorizonHours].</summary>
    internal void FillTargets(ReadOnlySpan<int> windows, Span<float> destination)
    {
        var inverseScale = 1f / History.ScaleKw;
        for (var i = 0; i < windows.Length; i++)
        {
            var actual = ActualKw(windows[i]);
            var row = destination.Slice(i * HorizonHours, HorizonHours);
            for (var h = 0; h < HorizonHours; h++)
            {
                row[h] = actual[h] * inverseScale;
            }
        }
    }
}
