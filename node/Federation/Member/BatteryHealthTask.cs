using Consortium.Contracts.Ledger;
using Consortium.Data.BatteryAgeing;
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

    /// <summary>Fewest cycles a cell needs for its fade to be fitted.</summary>
    public const int MinimumFadeCycles = 20;

    /// <summary>
    /// The capacity fade per cycle <paramref name="model"/> gives on every cell of this automaker, summed by chemistry: for
    /// each cell with at least <see cref="MinimumFadeCycles"/> cycles, minus the least-squares slope of the model's state
    /// of health over the cycle number (lab cycles are full cycles, so a cycle is an equivalent full cycle). Cells of no
    /// stated chemistry are left out. Only these sums leave the node.
    /// </summary>
    /// <exception cref="ModelFormatException">The model is not one this task runs.</exception>
    public IReadOnlyList<ChemistryFade> Fade(ModelCheckpoint model, CancellationToken cancellationToken)
    {
        var architecture = Architecture(model);
        var sums = new SortedDictionary<string, ChemistryFade>(StringComparer.Ordinal);
        foreach (var (cells, samples) in new[] { (_split.Train, _split.TrainSamples), (_split.Validation, _split.ValidationSamples), (_split.Test, _split.TestSamples) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var estimated = BatteryHealthTrainer.Estimate(architecture, model.Parameters, samples);
            var byId = cells.ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var (id, start, count) in samples.Cells)
            {
                var cell = byId[id];
                if (count < MinimumFadeCycles || string.IsNullOrWhiteSpace(cell.Chemistry))
                {
                    continue;
                }

                var fade = new ChemistryFade(cell.Chemistry, -Slope(cell, estimated.AsSpan(start, count)), 1);
                sums[cell.Chemistry] = sums.TryGetValue(cell.Chemistry, out var sum) ? sum.Plus(fade) : fade;
            }
        }

        return [.. sums.Values];
    }

    /// <summary>The least-squares slope of <paramref name="soh"/> over the cell's cycle numbers, points per cycle.</summary>
    private static double Slope(BatteryCell cell, ReadOnlySpan<double> soh)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < soh.Length; i++)
        {
            meanX += cell.Cycles[i].Cycle;
            meanY += soh[i];
        }

        meanX /= soh.Length;
        meanY /= soh.Length;
        double covariance = 0, variance = 0;
        for (var i = 0; i < soh.Length; i++)
        {
            var dx = cell.Cycles[i].Cycle - meanX;
            covariance += dx * (soh[i] - meanY);
            variance += dx * dx;
        }

        return variance == 0 ? 0 : covariance / variance;
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
