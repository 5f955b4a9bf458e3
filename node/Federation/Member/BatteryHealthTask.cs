using Consortium.Contracts.Ledger;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;
using Consortium.Network.Federation;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// An automaker's part in the battery-health model: the per-cycle records of its cells from its store, split by cell
/// (<see cref="CellSplit"/>), each cycle's charge-curve features standardized with the automaker's own training
/// statistics, the state-of-health estimator trained on the training cells and measured in percentage points of state of
/// health.
/// </summary>
public sealed class BatteryHealthTask : IMemberTask
{
    private readonly CellSplit _split;
    private readonly double _trainMeanSoh;

    /// <summary>Reads the automaker's cells from its store.</summary>
    /// <exception cref="InvalidOperationException">The store holds no cells, or too few to split.</exception>
    public BatteryHealthTask(NodeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var cells = store.LoadCells() ?? throw new InvalidOperationException($"The store {store.Path} holds no battery cells; run the import with --cells first.");
        try
        {
            _split = CellSplit.Of(cells);
        }
        catch (ArgumentException error)
        {
            throw new InvalidOperationException($"The store {store.Path}: {error.Message}", error);
        }

        _trainMeanSoh = _split.TrainSamples.Soh.Average();
    }

    /// <inheritdoc />
    public FederatedTask Task => FederatedTask.BatteryHealth;

    /// <inheritdoc />
    public string Name => "the battery-health model";

    /// <inheritdoc />
    public string BaselineLabel => "training-mean";

    /// <summary>The split of the automaker's cells.</summary>
    public CellSplit Split => _split;

    /// <inheritdoc />
    /// <remarks>Samples are cycles; no sites, and the mean state of health of the training cycles in place of a mean load.</remarks>
    public MemberProfile Profile(string name, ChainAddress address) =>
        new(name, address, [], _split.TrainSamples.Count, _split.ValidationSamples.Count, _trainMeanSoh);

    /// <inheritdoc />
    public MemberTraining Train(ModelCheckpoint global, int epochs, ulong seed, double proximalMu, CancellationToken cancellationToken)
    {
        var architecture = Architecture(global);
        var options = new BatteryTrainingOptions(Epochs: epochs, Seed: seed, ProximalMu: proximalMu);
        var trained = BatteryHealthTrainer.Train(architecture, global.Parameters, _split.TrainSamples, options, cancellationToken);
        var errors = BatteryHealthTrainer.Evaluate(architecture, trained, _split.TrainSamples);
        return new MemberTraining(new ModelCheckpoint(architecture, trained), _split.TrainSamples.Count, errors.Rmse * errors.Rmse);
    }

    /// <inheritdoc />
    public ErrorSums Evaluate(string label, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken)
    {
        var samples = Samples(split);
        var estimated = BatteryHealthTrainer.Estimate(Architecture(model), model.Parameters, samples);
        return Sums(label, estimated, samples.Soh);
    }

    /// <inheritdoc />
    /// <remarks>Every cycle estimated at the mean state of health of the training cycles.</remarks>
    public ErrorSums Baseline(EvaluationSplit split)
    {
        var samples = Samples(split);
        var estimated = new double[samples.Count];
        Array.Fill(estimated, _trainMeanSoh);
        return Sums(BaselineLabel, estimated, samples.Soh);
    }

    private BatterySamples Samples(EvaluationSplit split) => split == EvaluationSplit.Test ? _split.TestSamples : _split.ValidationSamples;

    private BatteryHealthArchitecture Architecture(ModelCheckpoint model)
    {
        if (model.Architecture is not BatteryHealthArchitecture architecture)
        {
            throw new ModelFormatException($"The model is a {model.Architecture.Describe()}, not a battery-health model.");
        }

        if (architecture.Features != _split.TrainSamples.Features)
        {
            throw new ModelFormatException(
                $"The model reads {architecture.Features} features per cycle; this member's cells carry {_split.TrainSamples.Features}.");
        }

        return architecture;
    }

    private static ErrorSums Sums(string label, ReadOnlySpan<double> estimated, ReadOnlySpan<double> measured)
    {
        double squared = 0, absolute = 0, actual = 0;
        for (var i = 0; i < measured.Length; i++)
        {
            var error = estimated[i] - measured[i];
            squared += error * error;
            absolute += Math.Abs(error);
            actual += measured[i];
        }

        return new ErrorSums(label, squared, absolute, actual, measured.Length);
    }
}
