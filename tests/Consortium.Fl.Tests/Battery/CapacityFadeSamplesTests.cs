using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;

namespace Consortium.Fl.Tests.Battery;

public sealed class CapacityFadeSamplesTests
{
    [Fact]
    public void SamplesStayWithinTheirCellAndNeverLabelPastItsLastCycle()
    {
        BatteryCell[] cells = [Linear("short", 60, 0.04), Linear("mid", 120, 0.04), Linear("long", 260, 0.02), Linear("gap", 180, 0.03, missing: 160)];

        var samples = CapacityFadeSamples.From(cells, Scaling(cells));

        Assert.Equal(["mid", "long", "gap"], samples.Cells.Select(c => c.Cell));
        foreach (var span in samples.Cells)
        {
            var cell = cells.Single(c => c.Id == span.Cell);
            var last = cell.Cycles[^1].Cycle;
            for (var i = span.Start; i < span.Start + span.Count; i++)
            {
                Assert.InRange(samples.Cycle[i], cell.Cycles[0].Cycle + CapacityFadeSamples.HistoryCycles, last - 50);
                for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
                {
                    var target = samples.Cycle[i] + CapacityFadeArchitecture.Horizons[k];
                    var measured = cell.Cycles.SingleOrDefault(c => c.Cycle == target);
                    Assert.Equal(measured is not null, samples.HasTarget(i, k));
                    Assert.Equal(measured?.SohPercent ?? double.NaN, samples.TargetSoh[(i * CapacityFadeArchitecture.Outputs) + k]);
                }
            }
        }

        // mid: cycles 51 to 70; long: 51 to 210; gap: 51 to 130 but not 110 (its cycle 160 is missing).
        Assert.Equal([20, 160, 79], samples.Cells.Select(c => c.Count));
        Assert.DoesNotContain(110, samples.Cycle[samples.Cells[2].Start..]);
        Assert.Equal(3 * samples.Count, samples.TargetSoh.Length);
        Assert.Equal(samples.InputsPerSample * samples.Count, samples.Inputs.Length);
    }

    [Fact]
    public void ForecastingSamplesNeedOnlyTheHistory()
    {
        BatteryCell[] cells = [Linear("short", 60, 0.04), Linear("tiny", 50, 0.04)];

        var samples = CapacityFadeSamples.ForForecasting(cells, Scaling(cells));

        Assert.Equal([51, 52, 53, 54, 55, 56, 57, 58, 59, 60], samples.Cycle);
        Assert.All(samples.TargetSoh, t => Assert.True(double.IsNaN(t)));
        Assert.Equal("NCM", samples.Cells.Single().Chemistry);
    }

    [Fact]
    public void TheHistoryInputsAreTheStateOfHealthAndItsRecentFade()
    {
        BatteryCell[] cells = [Linear("a", 200, 0.04)];

        var samples = CapacityFadeSamples.From(cells, Scaling(cells));

        // Sample of cycle 100: the five-cycle median is cycle 98's state of health, 100 − 0.04·98; the fade is 4 pp per
        // 100 cycles over every lag, 0.8 in units of RateScale.
        var i = Array.IndexOf(samples.Cycle, 100);
        var row = samples.Inputs.AsSpan(i * samples.InputsPerSample, samples.InputsPerSample).ToArray();
        Assert.Equal(100 - (0.04 * 98), samples.CurrentSoh[i], 9);
        Assert.Equal((100 - (0.04 * 98) - 90) / 10, row[0], 5);
        Assert.All(row[1..5], r => Assert.Equal(0.8, r, 4));
        Assert.Equal(0.04, samples.RecentFadePerCycle[i], 9);
        Assert.Equal(100 - (0.04 * 100), samples.RecentLineSoh[i], 9);
        Assert.Equal(CapacityFadeSamples.HistoryInputs + 2, samples.InputsPerSample);
        var standardized = new float[2];
        samples.Scaling.Apply(cells[0].Cycles[99].Features, standardized);
        Assert.Equal(standardized, row[CapacityFadeSamples.HistoryInputs..]);
    }

    [Fact]
    public void TheRecentSlopeCarriesALinearFadeExactlyAndNoFadeMissesItByTheFade()
    {
        BatteryCell[] cells = [Linear("a", 300, 0.04)];
        var samples = CapacityFadeSamples.From(cells, Scaling(cells));

        var slope = CapacityFadeTrainer.Score(CapacityFadeBaselines.RecentSlope(samples), samples);
        var still = CapacityFadeTrainer.Score(CapacityFadeBaselines.NoFade(samples), samples);

        Assert.All(slope.PerHorizon, h => Assert.Equal(0, h.Mae, 9));
        Assert.Equal([0.04 * 52, 0.04 * 102, 0.04 * 202], still.PerHorizon.Select(h => Math.Round(h.Mae, 9)));
        Assert.Equal([200L, 150L, 50L], slope.PerHorizon.Select(h => h.Count));
    }

    [Fact]
    public void CellsWithoutEnoughHistoryOrOutOfOrderAreRefused()
    {
        BatteryCell[] tiny = [Linear("tiny", 90, 0.04)];
        var cycles = Linear("a", 120, 0.04).Cycles.ToArray();
        (cycles[10], cycles[11]) = (cycles[11], cycles[10]);
        var shuffled = new BatteryCell("a", "lab", "NCM", 2.0, cycles);

        var none = Assert.Throws<ArgumentException>(() => CapacityFadeSamples.From(tiny, Scaling(tiny)));
        var order = Assert.Throws<ArgumentException>(() => CapacityFadeSamples.From([shuffled], Scaling(tiny)));
        var features = Assert.Throws<ArgumentException>(() => CapacityFadeSamples.From([Linear("b", 120, 0.04)], new FeatureScaling([0.0], [1.0])));

        Assert.Contains("No cell has a cycle with 50 cycles of history and a measured cycle 50 cycles later", none.Message);
        Assert.Contains("Cell a lists cycle 11 after cycle 12", order.Message);
        Assert.Contains("Cell b cycle 51 has 2 features, the scaling 1", features.Message);
    }

    /// <summary>A cell whose state of health falls linearly from 100 % by <paramref name="fade"/> points a cycle, two features.</summary>
    internal static BatteryCell Linear(string id, int cycles, double fade, int missing = 0, string chemistry = "NCM") =>
        new(id, "lab", chemistry, 2.0, [.. Enumerable.Range(1, cycles).Where(n => n != missing).Select(n =>
            new CellCycle(id, n, (100 - (fade * n)) / 100 * 2.0, 2.0, [(float)(fade * 100), n % 7]))]);

    internal static FeatureScaling Scaling(IReadOnlyList<BatteryCell> cells) => FeatureScaling.Fit(cells);
}
