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
            ["dpConsortia"] = new JsonArray([.. options.DpConsortia.Select(m => (JsonNode?)m)]),
            ["dpBySite"] = options.DpBySite,
            ["dpSumSlack"] = options.DpSumSlack,
            ["dpSimulatedMembers"] = new JsonArray([.. options.DpSimulatedMembers.Select(m => (JsonNode?)m)]),
            ["dpSimulatedEpsilon"] = options.DpSimulatedEpsilon,
            ["dpSecureSum"] = "each member clips its change to C and adds Gaussian noise of variance σ²C²/m_min (m_min = members − dpSumSlack) before the fixed-point encoding of a secure round; the encoded words are summed modulo 2^32 as the protocol sums them (masks cancel exactly and are left out); mean = decoded sum / inputs",
            ["dpSimulation"] = "past the data: the per-site consortium's real clipped changes stand for M members in equal parts (signal = their mean), the noise is that of M shares (variance σ²C²·M/m_min) divided by M; one simulated point is run on a smaller real consortium at the per-site member count and compared with the measured one",
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
            ["results"] = new JsonArray([.. results.Settings.Select(r => (JsonNode?)Result(r, NonPrivateReference(results.Settings, r)))]),
            ["dpSumCrossover"] = Crossover(results.Settings, options.DpSimulatedEpsilon, 0.10, static r => r.MeanOperatorRmse),
            ["dpSumCrossoverRegional"] = Crossover(results.Settings, options.DpSimulatedEpsilon, 0.10, static r => r.Regional.Errors.RmseKw),
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

    /// <summary>
    /// The non-private FedAvg (mean aggregator, no attack) of the same consortium as a DP setting: what its RMSE cost is
    /// measured against. Null for a setting without DP.
    /// </summary>
    public static SettingResult? NonPrivateReference(IReadOnlyList<SettingResult> settings, SettingResult result)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(result);
        return result.Setting.Privacy is null
            ? null
            : settings.FirstOrDefault(r => r.Setting is { Kind: SettingKind.Federated, Strategy: "fedavg", Aggregator: StrategyCatalog.Mean, Attack: null, Privacy: null } && r.Setting.Members == result.Setting.Members);
    }

    /// <summary>
    /// The fewest members (measured or simulated) from which DP on the secure sum at <paramref name="epsilon"/> costs less
    /// than <paramref name="threshold"/> of the non-private <paramref name="rmse"/> (mean operator or regional) at that
    /// count and at every larger one measured or simulated, with every point it was picked from; null members when even
    /// the largest count costs more.
    /// </summary>
    public static JsonObject Crossover(IReadOnlyList<SettingResult> settings, double epsilon, double threshold, Func<SettingResult, double> rmse)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rmse);
        var points = new List<(int Members, bool Simulated, int RealMembers, double Cost)>();
        foreach (var result in settings)
        {
            if (result.Setting.Privacy is { Mode: PrivacyMode.SecureSum } target && target.Epsilon == epsilon && NonPrivateReference(settings, result) is { } reference)
            {
                points.Add((target.SimulatedMembers ?? result.Setting.Members, target.SimulatedMembers is not null, result.Setting.Members, (rmse(result) / rmse(reference)) - 1));
            }
        }

        // The per-site consortium carries the simulations; a simulated point on a smaller consortium is only the check.
        var largest = points.Where(p => !p.Simulated).Select(p => p.RealMembers).DefaultIfEmpty(0).Max();
        var curve = points.Where(p => !p.Simulated || p.RealMembers == largest).OrderBy(p => p.Members).ToList();
        var first = default((int Members, bool Simulated, int RealMembers, double Cost));
        for (var i = curve.Count - 1; i >= 0 && curve[i].Cost < threshold; i--)
        {
            first = curve[i];
        }

        return new JsonObject
        {
            ["epsilon"] = epsilon,
            ["threshold"] = threshold,
            ["members"] = first == default ? null : first.Members,
            ["simulated"] = first == default ? null : first.Simulated,
            ["points"] = new JsonArray([.. points.OrderBy(p => p.Members).Select(p => (JsonNode?)new JsonObject
            {
                ["members"] = p.Members,
                ["simulated"] = p.Simulated,
                ["realMembers"] = p.RealMembers,
                ["relativeRmseCost"] = Round(p.Cost),
            })]),
        };
    }

    private static JsonObject Result(SettingResult result, SettingResult? reference)
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
                ["mode"] = p.ModeName,
                ["minimumMembers"] = result.Privacy?.MinimumMembers,
                ["sumMembers"] = result.Privacy?.SumMembers,
                ["simulatedMembers"] = p.SimulatedMembers,
                ["encodingRange"] = result.Privacy?.EncodingRange is { } range ? Round(range) : null,
                ["clippedByEncoding"] = result.Privacy?.ClippedByEncoding,
                ["nonPrivateMeanOperatorRmse"] = reference is null ? null : Round(reference.MeanOperatorRmse),
                ["relativeRmseCost"] = reference is null ? null : Round((result.MeanOperatorRmse / reference.MeanOperatorRmse) - 1),
                ["relativeRegionalRmseCost"] = reference is null ? null : Round((result.Regional.Errors.RmseKw / reference.Regional.Errors.RmseKw) - 1),
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
