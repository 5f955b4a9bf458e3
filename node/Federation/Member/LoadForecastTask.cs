using Consortium.Contracts.Ledger;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Training;
using Consortium.Network.Federation;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// An operator's part in the load forecast: the hourly load of its sites from its store, split chronologically, a
/// forecast network trained on the training weeks and measured in kW.
/// </summary>
public sealed class LoadForecastTask : IMemberTask
{
    private readonly ForecastSplit _split;
    private readonly IReadOnlyList<string> _sites;
    private readonly double _meanLoadKw;

    /// <summary>Reads the operator's load from its store.</summary>
    /// <param name="store">The operator's private store, with its imported loads.</param>
    /// <param name="name">The operator's name.</param>
    /// <param name="windowStride">Hours between consecutive training windows.</param>
    /// <exception cref="InvalidOperationException">The store holds no load data.</exception>
    public LoadForecastTask(NodeStore store, string name, int windowStride = 1)
    {
        ArgumentNullException.ThrowIfNull(store);
        var load = OperatorSeries.Load(store, name);
        _sites = [.. store.LoadSites().Select(s => s.Name)];
        _split = OperatorSeries.Split(load, windowStride);
        _meanLoadKw = load.TotalKWh / load.Kw.Length;
    }

    /// <inheritdoc />
    public FederatedTask Task => FederatedTask.LoadForecast;

    /// <inheritdoc />
    public string Name => "the load forecast";

    /// <inheritdoc />
    public string BaselineLabel => "seasonal-naive";

    /// <inheritdoc />
    public MemberProfile Profile(string name, ChainAddress address) =>
        new(name, address, _sites, _split.Train.Count, _split.Validation.Count, _meanLoadKw);

    /// <inheritdoc />
    public MemberTraining Train(ModelCheckpoint global, int epochs, ulong seed, double proximalMu, CancellationToken cancellationToken)
    {
        var trained = LocalTrainer.Train(global, _split.Train, new LocalTrainingOptions(Epochs: epochs, Seed: seed, ProximalMu: proximalMu), cancellationToken);
        return new MemberTraining(trained.Model, trained.SampleCount, trained.MeanLoss);
    }

    /// <inheritdoc />
    public ErrorSums Evaluate(string label, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken) =>
        ToSums(label, ForecastEvaluator.Evaluate(model, Windows(split), cancellationToken));

    /// <inheritdoc />
    public ErrorSums Baseline(EvaluationSplit split) => ToSums(BaselineLabel, ForecastEvaluator.SeasonalNaive(Windows(split)));

    private ForecastWindows Windows(EvaluationSplit split) => split == EvaluationSplit.Test ? _split.Test : _split.Validation;

    private static ErrorSums ToSums(string label, ForecastErrors errors) =>
        new(label, errors.SumSquaredErrorKw2, errors.SumAbsoluteErrorKw, errors.SumActualKw, errors.Count);
}
