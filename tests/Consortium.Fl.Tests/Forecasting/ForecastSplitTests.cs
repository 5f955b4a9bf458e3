using Consortium.Fl.Forecasting;

namespace Consortium.Fl.Tests.Forecasting;

public class ForecastSplitTests
{
    [Fact]
    public void PartsFollowEachOtherInTimeWithoutSharingTargetHours()
    {
        var split = ForecastSplit.Chronological(SyntheticLoad.WeeklyPattern(20), SyntheticLoad.Monday);
        var trainEnd = (int)Math.Round(20 * 168 * 0.70);
        var validationEnd = (int)Math.Round(20 * 168 * 0.85);

        Assert.Equal(ForecastWindows.InputHours, split.Train.TargetStarts[0]);
        Assert.Equal(trainEnd, split.Train.TargetStarts[^1] + ForecastWindows.HorizonHours);
        Assert.Equal(trainEnd, split.Validation.TargetStarts[0]);
        Assert.Equal(validationEnd, split.Validation.TargetStarts[^1] + ForecastWindows.HorizonHours);
        Assert.Equal(validationEnd, split.Test.TargetStarts[0]);
        Assert.Equal(20 * 168, split.Test.TargetStarts[^1] + ForecastWindows.HorizonHours);
    }

    [Fact]
    public void ScaleIsTheMeanLoadOfTheTrainingHoursOnly()
    {
        var load = new float[1000];
        Array.Fill(load, 2f, 0, 700);
        Array.Fill(load, 500f, 700, 300);

        var split = ForecastSplit.Chronological(load, SyntheticLoad.Monday);

        Assert.Equal(2f, split.History.ScaleKw);
    }

    [Fact]
    public void StrideSpacesWindowStarts()
    {
        var split = ForecastSplit.Chronological(SyntheticLoad.WeeklyPattern(10), SyntheticLoad.Monday, new ChronologicalSplitOptions(Stride: 5));
        var starts = split.Train.TargetStarts;
        for (var i = 1; i < starts.Length; i++)
        {
            Assert.Equal(5, starts[i] - starts[i - 1]);
        }
    }

    [Fact]
    public void SeriesTooShortForOneTrainingWindowIsRejectedWithTheHoursNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => ForecastSplit.Chronological(new float[250], SyntheticLoad.Monday));
        Assert.Contains("192", error.Message);
    }

    [Fact]
    public void FractionsAboveOneAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ForecastSplit.Chronological(
            SyntheticLoad.WeeklyPattern(10), SyntheticLoad.Monday, new ChronologicalSplitOptions(0.8, 0.3)));
    }
}
