using System.Globalization;
using System.Text;
using Consortium.Dispatch;

namespace Consortium.Experiments.Dispatch;

/// <summary>A <see cref="DispatchSimulationReport"/> as the table <c>dispatch simulate</c> prints.</summary>
public static class DispatchSimulationTable
{
    /// <summary>
    /// The report's comparison as a plain-text table: one row per dispatch (coordinated, the baselines, the LP and, when the
    /// LP burned energy, the burn-free LP), then the optimality gap.
    /// </summary>
    public static string Format(DispatchSimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{report.Evs:N0} vehicles, {report.Operators} operators, {report.Intervals} steps; ADMM {report.AdmmSeconds:F2} s + clearing {report.ClearingSeconds:F2} s + exact stage {report.RefineSeconds:F2} s; peak memory {report.MemoryPeakMb:N0} MB");
        text.AppendLine(c, $"{"dispatch",-26} {"tracking",9} {"max dev kW",12} {"SoC viol.",9} {"short kWh",10} {"disch. kWh",11} {"Jain",6} {"objective",12} {"iter",5} {"seconds",8}");
        Row("ADMM (coordinated)", report.Admm);
        Row("uncontrolled", report.Uncontrolled);
        Row("earliest deadline first", report.EarliestDeadlineFirst);
        if (report.Prices?.Dispatch is { } byPrices)
        {
            Row("by prices (--prices)", byPrices);
        }

        if (report.OptimalityGapBound is { } bound)
        {
            // Printed before the LP's lines, so that the comparison with the LP stays the last line.
            var lower = Math.Max(report.ExactStage?.LowerBound ?? double.NegativeInfinity, report.Prices?.LowerBound ?? double.NegativeInfinity);
            text.AppendLine(c, $"proved by prices: no dispatch costs less than {lower:F2}, so ADMM is at most {bound:P3} above the optimum");
        }

        if (report.Reference is { } reference)
        {
            Row("centralized LP (OR-Tools)", reference);
            if (report.ReferenceBurnFree is { } burnFree)
            {
                // The LP burned energy: its replay breaks constraints and is no yardstick; bracket the real optimum instead.
                Row("LP, never burning", burnFree);
                text.AppendLine(c, $"the LP burns energy at {report.ReferenceSimultaneousSteps} vehicle-steps; the best real dispatch lies between its own objective {report.ReferenceLpObjective:F2} and the burn-free LP's {burnFree.Objective:F2}");
                text.AppendLine(c, $"optimality gap of ADMM against the burn-free LP: {report.OptimalityGapBurnFree:P3}, against the LP's own objective: {(report.Objective - report.ReferenceLpObjective) / report.ReferenceLpObjective:P3}");
            }
            else
            {
                text.AppendLine(c, $"optimality gap of ADMM against the LP: {report.OptimalityGap:P3}");
            }
        }

        // Where the prices differ by chemistry: what each chemistry's packs discharged, and its wear, per dispatch.
        if (report.WearPrices is { } prices && prices.Values.Distinct().Count() > 1 && report.Admm.WearByChemistry is { } admmWear)
        {
            text.AppendLine(c, $"{"wear by chemistry",-26} {"price",7} {"vehicles",9} {"ADMM kWh",10} {"ADMM wear",10}{(report.Reference?.WearByChemistry is null ? "" : $" {"LP kWh",10} {"LP wear",10}")}");
            for (var k = 0; k < admmWear.Count; k++)
            {
                var w = admmWear[k];
                var lp = report.Reference?.WearByChemistry?[k];
                text.AppendLine(c, $"{w.Chemistry,-26} {prices[w.Chemistry],7:F4} {w.Vehicles,9} {w.DischargedKwh,10:F1} {w.WearCost,10:F2}{(lp is null ? "" : $" {lp.DischargedKwh,10:F1} {lp.WearCost,10:F2}")}");
            }
        }

        return text.ToString();

        void Row(string name, DispatchMetrics m) => text.AppendLine(c,
            $"{name,-26} {m.TrackingError,9:P2} {m.MaxDeviationKw,12:F1} {m.SocFloorViolations,9} {m.DepartureShortfallKwh,10:F2} {m.DischargedKwh,11:F1} {m.JainFairness,6:F3} {m.Objective,12:F2} {m.Iterations,5} {m.SolveSeconds,8:F2}");
    }
}
