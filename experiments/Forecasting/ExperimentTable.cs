using System.Globalization;
using System.Text;

namespace Consortium.Experiments.Forecasting;

/// <summary>The experiment's results as a console table, and the target checks below it.</summary>
public static class ExperimentTable
{
    /// <summary>One line per setting: mean operator and regional errors; then each target, passed or failed.</summary>
    public static string Format(ExperimentResults results, IReadOnlyList<TargetCheck> targets)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(targets);
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var width = Math.Max(20, results.Settings.Select(r => r.Setting.Label.Length).DefaultIfEmpty(0).Max());
        text.AppendLine(culture, $"{"#",3}  {"setting".PadRight(width)} {"op RMSE",9} {"op NRMSE",9} {"val RMSE",9} {"reg RMSE",9} {"reg MAE",9} {"reg NRMSE",9} {"s",5}");
        foreach (var result in results.Settings)
        {
            var regional = result.Regional.Errors;
            var nrmse = result.Operators.Count == 0 ? double.NaN : result.Operators.Average(o => o.Test.Nrmse);
            text.AppendLine(culture, $"{result.Index,3}  {result.Setting.Label.PadRight(width)} {Kw(result.MeanOperatorRmse),9} {Share(nrmse),9} {Kw(result.MeanOperatorValidationRmse),9} {Kw(regional.RmseKw),9} {Kw(regional.MaeKw),9} {Share(regional.Nrmse),9} {result.Seconds,5:F0}");
        }

        text.AppendLine(culture, $"op = mean over honest operators of their test errors (kW); val = the same on validation (what picks the best); reg = regional day-ahead forecast (sum of operators) vs regional load; {results.Seconds:F0} s in all, {results.TrainingRuns} local trainings run, {results.TrainingReuses} reused.");
        if (targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Targets:");
            foreach (var check in targets)
            {
                text.AppendLine(culture, $"  {(check.Passed ? "PASS" : "FAIL")}  {check.Description}: ratio {check.Ratio:F3} (threshold {check.Threshold:F2})");
            }
        }

        return text.ToString();
    }

    /// <summary>kW with two decimals; beyond 10⁵ (a destroyed model) in powers of ten so columns stay aligned.</summary>
    private static string Kw(double value) =>
        Math.Abs(value) < 1e5 ? value.ToString("F2", CultureInfo.InvariantCulture) : value.ToString("0.0e+0", CultureInfo.InvariantCulture);

    private static string Share(double value) =>
        Math.Abs(value) < 100 ? (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : ">10⁴ %";
}
