using System.Globalization;
using Consortium.Dispatch.Fleets;
using ScottPlot;

namespace Consortium.Experiments.Dispatch;

/// <summary>The PNG of a simulation: the target against the coordinated aggregate and the two baselines, in MW per step.</summary>
public static class DispatchPlot
{
    /// <summary>Draws the report's profiles and writes the PNG to <paramref name="path"/>.</summary>
    public static void Write(string path, DispatchSimulationReport report, double[] uncontrolledKw, double[] deadlineFirstKw, int width = 1400, int height = 600)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        var hours = new double[report.Intervals];
        for (var t = 0; t < hours.Length; t++)
        {
            hours[t] = t * FleetRequest.StepHours;
        }

        var plot = new Plot();
        try
        {
            Line(plot, hours, uncontrolledKw, $"uncontrolled (tracking error {report.Uncontrolled.TrackingError:P1})", Colors.Gray, 1.4f, LinePattern.Dotted);
            Line(plot, hours, deadlineFirstKw, $"earliest deadline first, no coordination ({report.EarliestDeadlineFirst.TrackingError:P1})", new Color(31, 119, 180), 1.4f, LinePattern.Dashed);
            Line(plot, hours, report.TargetKw, "target (grid party's request)", Colors.Black, 3.5f, LinePattern.Solid);
            Line(plot, hours, report.AggregateKw, $"coordinated: ADMM + clearing ({report.Admm.TrackingError:P2})", new Color(214, 39, 40), 1.6f, LinePattern.Solid);
            plot.Add.HorizontalLine(0, 1, Colors.Gray.WithAlpha(0.5));
            plot.Font.Set("DejaVu Sans");
            plot.Title(string.Create(
                CultureInfo.InvariantCulture,
                $"Fleet dispatch: {report.Evs:N0} vehicles of {report.Operators} operators, {report.Intervals} quarter-hours; {report.Admm.DischargedKwh / 1000:N1} MWh discharged, {report.Admm.SocFloorViolations} SoC floor violations"));
            plot.YLabel("aggregate power (MW; negative = export to the grid)");
            plot.XLabel("hour of the day");
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(2);
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

    private static void Line(Plot plot, double[] hours, double[] kw, string label, Color color, float width, LinePattern pattern)
    {
        var mw = new double[kw.Length];
        for (var t = 0; t < kw.Length; t++)
        {
            mw[t] = kw[t] / 1000;
        }

        var line = plot.Add.ScatterLine(hours, mw, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LegendText = label;
        line.LineWidth = width;
        line.LinePattern = pattern;
    }
}
