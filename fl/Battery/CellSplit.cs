using System.Security.Cryptography;
using System.Text;
using Consortium.Data.BatteryAgeing;

namespace Consortium.Fl.Battery;

/// <summary>
/// An automaker's cells split into training, validation and test cells: whole cells, never cycles of one cell on both
/// sides, decided by a hash of each cell's id so that a node splits the same way on every start and every machine.
/// </summary>
public sealed class CellSplit
{
    /// <summary>Share of the cells held out for validation (scoring and model selection).</summary>
    public const double ValidationShare = 0.2;

    /// <summary>Share of the cells held out for the final test, never evaluated at a peer's request.</summary>
    public const double TestShare = 0.2;

    private CellSplit(IReadOnlyList<BatteryCell> train, IReadOnlyList<BatteryCell> validation, IReadOnlyList<BatteryCell> test)
    {
        Train = train;
        Validation = validation;
        Test = test;
        Scaling = FeatureScaling.Fit(train);
        TrainSamples = BatterySamples.From(train, Scaling);
        ValidationSamples = BatterySamples.From(validation, Scaling);
        TestSamples = BatterySamples.From(test, Scaling);
        _fade = new Lazy<(CapacityFadeSamples, CapacityFadeSamples, CapacityFadeSamples)>(() => (
            CapacityFadeSamples.From(train, Scaling), CapacityFadeSamples.From(validation, Scaling), CapacityFadeSamples.From(test, Scaling)));
    }

    private readonly Lazy<(CapacityFadeSamples Train, CapacityFadeSamples Validation, CapacityFadeSamples Test)> _fade;

    /// <summary>The training cells' forecasting samples (cycles with history and a measured target ahead).</summary>
    public CapacityFadeSamples FadeTrainSamples => _fade.Value.Train;

    /// <summary>The validation cells' forecasting samples.</summary>
    public CapacityFadeSamples FadeValidationSamples => _fade.Value.Validation;

    /// <summary>The test cells' forecasting samples.</summary>
    public CapacityFadeSamples FadeTestSamples => _fade.Value.Test;

    /// <summary>The training cells.</summary>
    public IReadOnlyList<BatteryCell> Train { get; }

    /// <summary>The validation cells.</summary>
    public IReadOnlyList<BatteryCell> Validation { get; }

    /// <summary>The test cells.</summary>
    public IReadOnlyList<BatteryCell> Test { get; }

    /// <summary>The feature scaling fitted on the training cells alone, applied to all three.</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>The training cells' cycles.</summary>
    public BatterySamples TrainSamples { get; }

    /// <summary>The validation cells' cycles.</summary>
    public BatterySamples ValidationSamples { get; }

    /// <summary>The test cells' cycles.</summary>
    public BatterySamples TestSamples { get; }

    /// <summary>Splits <paramref name="cells"/>: cells ordered by the hash of their id, the first fifth to test, the next to validation.</summary>
    /// <exception cref="ArgumentException">Fewer than three cells, or a cell id given twice.</exception>
    public static CellSplit Of(IReadOnlyList<BatteryCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count < 3)
        {
            throw new ArgumentException($"A split by cell into training, validation and test cells needs at least three cells; the store holds {cells.Count}.", nameof(cells));
        }

        var duplicate = cells.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Cell '{duplicate.Key}' is given {duplicate.Count()} times.", nameof(cells));
        }

        var order = cells.OrderBy(c => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("consortium/cell-split/" + c.Id))), StringComparer.Ordinal).ToArray();
        var test = Math.Clamp((int)Math.Ceiling(TestShare * order.Length), 1, order.Length - 2);
        var validation = Math.Clamp((int)Math.Ceiling(ValidationShare * order.Length), 1, order.Length - test - 1);
        return new CellSplit(
            ById(order[(test + validation)..]),
            ById(order[test..(test + validation)]),
            ById(order[..test]));
    }

    private static BatteryCell[] ById(IEnumerable<BatteryCell> cells) => [.. cells.OrderBy(c => c.Id, StringComparer.Ordinal)];
}
