using System.Text.Json;
using System.Text.Json.Nodes;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Models;

namespace Consortium.Experiments.Forecasting;

/// <summary>The experiment's JSON report (<c>--report PATH</c>): every setting's errors and the target checks.</summary>
public static class ExperimentReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as a JSON document.</summary>
    public static JsonObject Build(ExperimentResults results, IReadOnlyList<TargetCheck> targets)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(targets);
        var options = results.Options;
        var regional = results.Settings.Count > 0 ? results.Settings[0].Regional : null;
        var experiment = new JsonObject
        {
            ["source"] = results.Source,
            ["rounds"] = options.Rounds,
            ["localEpochs"] = options.LocalEpochs,
            ["trainingWindowStride"] = options.WindowStride,
            ["batchSize"] = options.BatchSize,
            ["learningRate"] = options.LearningRate,
            ["model"] = LoadForecastArchitecture.For(options.Model).Describe(),
            ["seed"] = options.Seed,
            ["proximalMu"] = options.ProximalMu,
            ["signFlipFactor"] = options.SignFlipFactor,
            ["scaledFactor"] = options.ScaledFactor,
            ["parallelism"] = options.Parallelism,
            ["seconds"] = Math.Round(results.Seconds, 1),
            ["trainingRuns"] = results.TrainingRuns,
            ["trainingReuses"] = results.TrainingReuses,
            ["attackConsortia"] = new JsonArray([.. options.AttackConsortia.Select(a => (JsonNode?)new JsonObject { ["attackers"] = a.Attackers, ["members"] = a.Members })]),
            ["labelCorruptionFactor"] = options.LabelCorruptionFactor,
            ["dpClipNorm"] = options.DpClipNorm is { } clip ? JsonValue.Create(clip) : JsonValue.Create("median first-round change norm"),
            ["evaluation"] = "operators: every test window (each hour a forecast start, 24 h ahead), attackers left out; regional: day-ahead forecasts issued at each test midnight, summed over the honest operators hour by hour; best settings are picked by validation RMSE",
            ["regionalFrom"] = regional?.FirstHour.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["regionalHours"] = regional?.ActualKw.Length,
            ["notes"] = new JsonArray([.. results.Notes.Select(n => (JsonNode?)n)]),
        };

        var checks = new JsonArray();
        foreach (var check in targets)
        {
            checks.Add(new JsonObject
            {
                ["name"] = check.Name,
                ["description"] = check.Description,
                ["passed"] = check.Passed,
                ["ratio"] = Round(check.Ratio),
                ["threshold"] = check.Threshold,
                ["setting"] = check.Setting,
                ["reference"] = check.Reference,
            });
        }

        return new JsonObject
        {
            ["experiment"] = experiment,
            ["results"] = new JsonArray([.. results.Settings.Select(r => (JsonNode?)Result(r))]),
            ["targets"] = new JsonObject
            {
                ["passed"] = targets.Count(c => c.Passed),
                ["failed"] = targets.Count(c => !c.Passed),
                ["checks"] = checks,
            },
        };
    }

    /// <summary>Writes the report to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, ExperimentResults results, IReadOnlyList<TargetCheck> targets)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, Build(results, targets).ToJsonString(Json));
    }

    private static JsonObject Result(SettingResult result)
    {
        var setting = result.Setting;
        var operators = new JsonObject();
        foreach (var outcome in result.Operators)
        {
            var errors = Errors(outcome.Test);
            errors["validationRmse"] = Round(outcome.Validation.RmseKw);
            errors["dayAheadRmse"] = Round(outcome.DayAhead.RmseKw);
            operators[outcome.Name] = errors;
        }

        JsonNode? attack = setting.Attack is { } a
            ? new JsonObject
            {
                ["kind"] = a.KindName,
                ["attackers"] = a.Attackers,
                ["members"] = a.Members,
                ["factor"] = a.Factor,
                ["attackerNames"] = new JsonArray([.. result.Attackers.Select(n => (JsonNode?)n)]),
            }
            : null;
        JsonNode? dp = setting.Privacy is { } p
            ? new JsonObject
            {
                ["epsilon"] = p.Epsilon,
                ["delta"] = p.Delta,
                ["noiseMultiplier"] = result.Privacy is { } spent ? Round(spent.NoiseMultiplier) : null,
                ["clipNorm"] = result.Privacy is { } clip ? Round(clip.ClipNorm) : null,
                ["spentEpsilon"] = result.Privacy is { } used ? Round(used.SpentEpsilon) : null,
                ["noiseToSignal"] = result.Privacy is { } ratio ? Round(ratio.NoiseToSignal) : null,
            }
            : null;
        var regional = Errors(result.Regional.Errors);
        regional["meanActualKw"] = Round(result.Regional.Errors.MeanActualKw);
        return new JsonObject
        {
            ["index"] = result.Index,
            ["label"] = setting.Label,
            ["setting"] = setting.KindName,
            ["strategy"] = setting.Strategy,
            ["aggregator"] = setting.Aggregator,
            ["attack"] = attack,
            ["dp"] = dp,
            ["members"] = new JsonArray([.. result.Members.Select(n => (JsonNode?)n)]),
            ["operators"] = operators,
            ["regional"] = regional,
            ["meanOperatorRmse"] = Round(result.MeanOperatorRmse),
            ["meanOperatorValidationRmse"] = Round(result.MeanOperatorValidationRmse),
            ["excluded"] = new JsonArray([.. result.Excluded.Select(n => (JsonNode?)n)]),
            ["seconds"] = Math.Round(result.Seconds, 1),
        };
    }

    private static JsonObject Errors(ForecastErrors errors) => new()
    {
        ["rmse"] = Round(errors.RmseKw),
        ["mae"] = Round(errors.MaeKw),
        ["nrmse"] = Round(errors.Nrmse),
    };

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : value;
}
