using Consortium.Fl.Forecasting;

namespace Consortium.Fl.Tests.Forecasting;

public class LoadHistoryTests
{
    [Fact]
    public void WindowInputsAreTheScaledLoadFollowedByTheCalendarOfEachHour()
    {
        var load = SyntheticLoad.WeeklyPattern(3);
        var history = new LoadHistory(load, SyntheticLoad.Monday, scaleKw: 4f);
        var windows = ForecastWindows.Covering(history, 200, 300);
        var inputs = new float[ForecastWindows.InputHours * LoadHistory.FeaturesPerHour];

        windows.FillInputs([0], inputs);

        var firstInputHour = windows.TargetStarts[0] - ForecastWindows.InputHours;
        var calendar = new float[CalendarFeatures.Count];
        for (var step = 0; step < ForecastWindows.InputHours; step += 37)
        {
            var row = inputs.AsSpan(step * LoadHistory.FeaturesPerHour, LoadHistory.FeaturesPerHour);
            Assert.Equal(load[firstInputHour + step] / 4f, row[0]);
            CalendarFeatures.Write(SyntheticLoad.Monday.AddHours(firstInputHour + step), calendar);
            Assert.Equal(calendar, row[1..].ToArray());
        }
    }

    [Fact]
    public void TargetsAreTheNextDayOfLoadInScaledUnits()
    {
        var load = SyntheticLoad.WeeklyPattern(3);
        var windows = ForecastWindows.Covering(new LoadHistory(load, SyntheticLoad.Monday, 2f), 0, load.Length);
        var targets = new float[ForecastWindows.HorizonHours];

        windows.FillTargets([10], targets);

        var start = windows.TargetStarts[10];
        Assert.Equal(load.AsSpan(start, ForecastWindows.HorizonHours).ToArray().Select(kw => kw / 2f), targets);
        Assert.Equal(load.AsSpan(start, ForecastWindows.HorizonHours).ToArray(), windows.ActualKw(10).ToArray());
    }

    [Fact]
    public void NonFiniteLoadIsRejectedNamingTheHour()
    {
        var load = new float[300];
        load[42] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => new LoadHistory(load, SyntheticLoad.Monday, 1f));
        Assert.Contains("hour 42", error.Message);
    }

    [Fact]
    public void FirstHourOffTheHourIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new LoadHistory(new float[300], SyntheticLoad.Monday.AddMinutes(30), 1f));
    }

    [Fact]
    public void ScaleFallsBackToOneKilowattWhenTheTrainingHoursCarryNoLoad()
    {
        Assert.Equal(1f, LoadHistory.MeanScale(new float[500]));
        Assert.Equal(3f, LoadHistory.MeanScale([2f, 4f]));
    }
}
