using System.Globalization;
using ScottPlot;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The PNG plot of the report: the region's load over the first two test weeks against the regional
/// day-ahead forecast of the best federated setting and of seasonal naive.
/// </summary>
public static class ExperimentPlot
{
    /// <summary>Hours shown: two weeks.</summary>
    public const int Hours = 14 * 24;

    /// <summary>
    /// Draws <paramref name="best"/>'s regional forecast, <paramref name="naive"/>'s (if any) and the
    /// actual regional load, which both share, and writes the PNG to <paramref name="path"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The two series cover different hours.</exception>
    public static void Write(string path, SettingResult best, SettingResult? naive, int width = 1400, int height = 560)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(best);
        var regional = best.Regional;
        if (naive is not null && (naive.Regional.FirstHour != regional.FirstHour || naive.Regional.ActualKw.Length != regional.ActualKw.Length))
        {
            throw new ArgumentException("The seasonal-naive and the federated regional series cover different hours.", nameof(naive));
        }

        var hours = Math.Min(Hours, regional.ActualKw.Length);
        var times = new double[hours];
        for (var h = 0; h < hours; h++)
        {
            times[h] = regional.FirstHour.AddHours(h).ToOADate();
        }

        var plot = new Plot();
        try
        {
            Line(plot, times, regional.ActualKw, hours, "actual regional load", Colors.Black, 2.2f, LinePattern.Solid);
            if (naive is not null)
            {
                Line(plot, times, naive.Regional.ForecastKw, hours, $"seasonal naive (test RMSE {naive.Regional.Errors.RmseKw:F1} kW)", Colors.Gray, 1.4f, LinePattern.Dashed);
            }

            Line(plot, times, regional.ForecastKw, hours, $"{best.Setting.Label} (test RMSE {regional.Errors.RmseKw:F1} kW)", new Color(214, 39, 40), 1.8f, LinePattern.Solid);
            var axis = plot.Axes.DateTimeTicksBottom();
            axis.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic
            {
                LabelFormatter = time => time.ToString(time.Hour == 0 ? "ddd d MMM" : "HH:mm", CultureInfo.InvariantCulture),
            };
            plot.Font.Set("DejaVu Sans");
            plot.Title($"Regional load (sum of {best.Operators.Count} operators), day-ahead forecasts, {regional.FirstHour:d MMM yyyy} + 14 days");
            plot.YLabel("load (kW)");
            plot.XLabel("local time; each day is forecast at midnight from the week before");
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Axes.Margins(0.01, 0.08);
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            plot.SavePng(path, width, height);
        }
        finally
        {
            plot.Dispose();
        }
    }

    private static void Line(Plot plot, double[] times, float[] values, int hours, string label, Color color, float width, LinePattern pattern)
    {
        var ys = new double[hours];
        for (var h = 0; h < hours; h++)
        {
            ys[h] = values[h];
        }

        var line = plot.Add.Scatter(times, ys, color);
        line.LegendText = label;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LinePattern = pattern;
    }
}
