using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Tests.Forecasting;

namespace Consortium.Fl.Tests.Models;

public class DayLevelTests
{
    // Zero weights and an output bias of 1: every hour forecast is the mean load of the week read, a model biased on any
    // day whose load is not flat.
    private static ModelCheckpoint WeekMeanModel()
    {
        var architecture = new LoadForecastArchitecture(4);
        var parameters = new float[architecture.ParameterCount];
        Array.Fill(parameters, 1f, parameters.Length - architecture.Horizon, architecture.Horizon);
        return new ModelCheckpoint(architecture, parameters);
    }

    [Fact]
    public void AModelsBiasAtTheSitesCancelsOnAWeekThatRepeats()
    {
        var load = SyntheticLoad.WeeklyPattern(8);
        var date = DateOnly.FromDateTime(SyntheticLoad.Monday.AddDays((7 * 6) + 2));

        var (forecastKwh, modelKwh, historyKwh) = DayLevel.Energies(WeekMeanModel(), load, SyntheticLoad.Monday, 5f, date, 4);

        // The day's own energy (a weekday with its hump) is not the week's mean, so the model is off; its forecasts of the
        // Wednesdays before are off alike, and the level is 1.
        Assert.NotEqual(historyKwh, forecastKwh, 0.5);
        Assert.Equal(forecastKwh, modelKwh, 1e-3);
        Assert.Equal(1, DayLevel.Of(forecastKwh, modelKwh), 1e-6);
    }

    [Fact]
    public void AWeekAtTwiceTheLoadDoublesTheLevel()
    {
        var load = SyntheticLoad.WeeklyPattern(8);
        var lastWeek = 168 * 5;
        for (var h = lastWeek; h < load.Length; h++)
        {
            load[h] *= 2;
        }

        var date = DateOnly.FromDateTime(SyntheticLoad.Monday.AddDays(7 * 6));

        var (forecastKwh, modelKwh, historyKwh) = DayLevel.Energies(WeekMeanModel(), load, SyntheticLoad.Monday, 5f, date, 4);

        // Of the 4 Mondays before, the one a week before is already doubled: its forecast (from the week before it) is not.
        Assert.Equal(2, DayLevel.Of(forecastKwh, modelKwh), 1e-3);
        Assert.Equal(1.25, historyKwh / (SumDay(SyntheticLoad.WeeklyPattern(1), 0)), 1e-3);
    }

    [Fact]
    public void WithoutAWeekBeforeAnyEarlierDayTheModelsBaseIsNone()
    {
        var load = SyntheticLoad.WeeklyPattern(3);
        var date = DateOnly.FromDateTime(SyntheticLoad.Monday.AddDays(7 + 3));

        var (_, modelKwh, historyKwh) = DayLevel.Energies(WeekMeanModel(), load, SyntheticLoad.Monday, 5f, date, 4);

        Assert.Equal(0, modelKwh);

        // Only the Thursday a week before lies in the load: the mean is its energy, the weeks before the load not counted.
        Assert.Equal(SumDay(load, 3), historyKwh, 1e-9);
        Assert.Throws<ArgumentException>(() => DayLevel.Energies(WeekMeanModel(), load, SyntheticLoad.Monday, 5f, DateOnly.FromDateTime(SyntheticLoad.Monday.AddDays(3)), 4));
    }

    [Theory]
    [InlineData(100, 50, 2)]
    [InlineData(100, 0, 1)]
    [InlineData(1000, 10, DayLevel.MaxLevel)]
    [InlineData(1, 1000, 1 / DayLevel.MaxLevel)]
    [InlineData(double.NaN, 10, 1)]
    public void TheLevelIsTheRatioWithinItsBounds(double forecastKwh, double baseKwh, double level) =>
        Assert.Equal(level, DayLevel.Of(forecastKwh, baseKwh), 1e-9);

    private static double SumDay(float[] load, int day) => load.AsSpan(day * 24, 24).ToArray().Sum(k => (double)k);
}
