using Consortium.Dispatch.Targets;

namespace Consortium.Dispatch.Tests.Targets;

/// <summary>The grid party's request families, shaped from a day of load with a night valley and an evening peak.</summary>
public sealed class GridRequestShapesTests
{
    /// <summary>A day in quarter hours: 20 kW at night, 60 kW by day, 140 kW from 17:00 to 21:00.</summary>
    private static readonly double[] Day = [.. Enumerable.Range(0, 96).Select(t => t < 28 ? 20.0 : t is >= 68 and < 84 ? 140.0 : 60.0)];

    [Fact]
    public void PeakShavingCapsEveryStepAndMovesTheShavedEnergyBelowTheCap()
    {
        var shaved = GridRequestShapes.PeakShave(Day, 0.25);

        Assert.All(shaved, kw => Assert.True(kw <= (0.75 * 140) + 1e-9, $"{kw} kW above the cap"));
        Assert.Equal(Day.Sum(), shaved.Sum(), 6);
        Assert.Equal(105, shaved[70], 9);
        Assert.True(shaved[0] > 20, "the night valley takes some of the shaved energy");
    }

    [Fact]
    public void ValleyFillingRaisesEveryStepToTheFloorAndTakesTheEnergyFromAbove()
    {
        var filled = GridRequestShapes.ValleyFill(Day, 0.8);
        var floor = 0.8 * Day.Average();

        Assert.All(filled, kw => Assert.True(kw >= floor - 1e-9, $"{kw} kW below the floor {floor}"));
        Assert.Equal(Day.Sum(), filled.Sum(), 6);
        Assert.Equal(floor, filled[0], 9);
        Assert.True(filled[70] < 140, "the evening peak gives the energy");
    }

    [Fact]
    public void AFlatRampAndRenewableRequestAskForTheLoadsEnergyShapedTheirWay()
    {
        var mean = Day.Average();

        var flat = GridRequestShapes.Flat(Day, 1.2);
        var ramp = GridRequestShapes.Ramp(Day, 0.5);
        var renewable = GridRequestShapes.Renewable(Day, 0.4);

        Assert.All(flat, kw => Assert.Equal(1.2 * mean, kw, 9));
        Assert.Equal(Day.Sum(), ramp.Sum(), 6);
        Assert.Equal((0.5 * mean, 1.5 * mean), (ramp[0], ramp[^1]));
        Assert.Equal(Day.Sum(), renewable.Sum(), 6);
        Assert.Equal(0.4 * mean, renewable[0], 9);
        Assert.Equal(renewable.Max(), renewable[48]);
        Assert.True(renewable[48] > 2 * mean, "solar noon carries most of the energy");
    }

    [Theory]
    [InlineData("peak-shave", 1.0, "share of the peak to shave must lie in (0, 1)")]
    [InlineData("valley-fill", 1.5, "valley floor must lie in (0, 1]")]
    [InlineData("flat", 0.0, "flat level must be a positive multiple")]
    [InlineData("ramp", -2.0, "slope must lie in [-1, 1]")]
    [InlineData("renewable", 1.1, "steady share of a renewable request")]
    [InlineData("tidal", 0.5, "one of peak-shave, valley-fill, flat, ramp, renewable, not 'tidal'")]
    public void ALevelOutOfTheFamilysRangeOrAnUnknownFamilyIsRefusedNamingIt(string family, double level, string message)
    {
        var refused = Assert.Throws<ArgumentException>(() => GridRequestShapes.Of(family, Day, level));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoadWithANegativeOrMissingStepIsRefused()
    {
        Assert.Throws<ArgumentException>(() => GridRequestShapes.Flat([10, -1, 5], 1));
        Assert.Throws<ArgumentException>(() => GridRequestShapes.Ramp([], 0.5));
        Assert.Throws<ArgumentException>(() => GridRequestShapes.PeakShave([10, double.NaN], 0.2));
    }
}
