using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Training;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// Remembers local training runs by their inputs (the windows, the exact starting model, the options),
/// so settings that ask for the same training, such as every setting's first round on one consortium,
/// train once. Training is deterministic for given inputs on one thread, so a remembered result is the
/// one a new run would give. Safe to use from several threads; a second caller waits for the first.
/// </summary>
internal sealed class TrainingCache
{
    private readonly ConcurrentDictionary<(ForecastWindows Windows, string Model, LocalTrainingOptions Options), Lazy<LocalTrainingResult>> _runs = new();
    private int _hits;

    /// <summary>Trainings served from memory.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Trainings run.</summary>
    public int Runs => _runs.Count;

    /// <summary>The result of training <paramref name="start"/> on <paramref name="windows"/>; do not modify its parameters.</summary>
    public LocalTrainingResult Train(ForecastWindows windows, ModelCheckpoint start, LocalTrainingOptions options, CancellationToken cancellationToken)
    {
        var key = (windows, Fingerprint(start), options);
        var created = new Lazy<LocalTrainingResult>(() => LocalTrainer.Train(start, windows, options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        var run = _runs.GetOrAdd(key, created);
        if (!ReferenceEquals(run, created))
        {
            Interlocked.Increment(ref _hits);
        }

        try
        {
            return run.Value;
        }
        catch (Exception)
        {
            // A failed or cancelled run is not remembered: the next caller tries again.
            _runs.TryRemove(new KeyValuePair<(ForecastWindows, string, LocalTrainingOptions), Lazy<LocalTrainingResult>>(key, run));
            throw;
        }
    }

    private static string Fingerprint(ModelCheckpoint model) =>
        $"{model.Architecture}:{Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(model.Parameters.AsSpan())))}";
}
