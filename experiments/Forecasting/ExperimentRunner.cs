using System.Diagnostics;
using System.Globalization;
using Consortium.Fl.Runtime;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// Runs the settings of an experiment, <see cref="ExperimentOptions.Parallelism"/> at a time (each on
/// one TorchSharp thread), the costliest first, and writes a progress line per round and per setting.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly ExperimentData _data;
    private readonly ExperimentOptions _options;
    private readonly TextWriter _output;
    private readonly Lock _write = new();

    /// <summary>Prepares a run on <paramref name="data"/>; progress goes to <paramref name="output"/>.</summary>
    public ExperimentRunner(ExperimentData data, ExperimentOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        _data = data;
        _options = options;
        _output = output;
    }

    /// <summary>Runs every setting and returns their results in the given order.</summary>
    public async Task<ExperimentResults> RunAsync(IReadOnlyList<ExperimentSetting> settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TorchRuntime.EnsureInitialized();
        var cache = new TrainingCache();
        var engine = new ExperimentEngine(_data, _options, cache);
        var clock = Stopwatch.StartNew();
        var results = new SettingResult?[settings.Count];
        var order = Enumerable.Range(0, settings.Count).OrderByDescending(i => Cost(settings[i])).ThenBy(i => i).ToList();
        await Parallel.ForEachAsync(
            order,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            (i, token) =>
            {
                var setting = settings[i];
                var prefix = $"[{i + 1}/{settings.Count}] {setting.Label}";
                Write(clock, $"{prefix}: started");
                var result = engine.Run(i + 1, setting, line => Write(clock, $"{prefix}: {line}"), token);
                results[i] = result;
                Write(clock, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{prefix}: done in {result.Seconds:F0} s, mean operator test RMSE {result.MeanOperatorRmse:F2} kW, regional RMSE {result.Regional.Errors.RmseKw:F2} kW"));
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        return new ExperimentResults(
            _data.Source,
            _options,
            results.Select(r => r!).ToList(),
            clock.Elapsed.TotalSeconds,
            cache.Runs,
            cache.Hits,
            _data.Notes);
    }

    /// <summary>Member-epochs a setting trains: what its run time is proportional to.</summary>
    private long Cost(ExperimentSetting setting) => setting.Trains ? (long)setting.Members * _options.Rounds * _options.LocalEpochs : 0;

    private void Write(Stopwatch clock, string line)
    {
        lock (_write)
        {
            var elapsed = clock.Elapsed;
            _output.WriteLine($"{(int)elapsed.TotalMinutes:D2}:{elapsed.Seconds:D2} {line}");
            _output.Flush();
        }
    }
}
