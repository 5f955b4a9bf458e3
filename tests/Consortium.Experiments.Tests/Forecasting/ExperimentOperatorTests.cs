using Consortium.Data.Loads;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Forecasting;

namespace Consortium.Experiments.Tests.Forecasting;

public sealed class ExperimentOperatorTests
{
    private static readonly DateTime Start = new(2018, 1, 1);

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void LabelCorruptionMirrorsEveryOtherDayAboutTheTrainingMean(double factor)
    {
        var member = Operator("a", h => 10 + (h % 24));
        var mean = member.Split.History.ScaleKw;

        var corrupted = member.WithCorruptedLabels(factor);

        Assert.Equal(member.Load.Kw[..24], corrupted.Load.Kw[..24]);
        for (var h = 24; h < 48; h++)
        {
            Assert.Equal(mean - (factor * (member.Load.Kw[h] - mean)), corrupted.Load.Kw[h], 1e-3);
        }

        Assert.Equal(member.Load.Kw[48..72], corrupted.Load.Kw[48..72]);
        Assert.Same(corrupted, member.WithCorruptedLabels(factor));
        Assert.Equal(member.Training.Count, corrupted.Training.Count);
    }

    [Fact]
    public void PooledWindowsHoldEachOperatorScaledByItsOwnMeanOnWholeWeeks()
    {
        var small = Operator("small", h => 1 + (h % 24));
        var large = Operator("large", h => 100 + (10 * (h % 24)));

        var pooled = PooledWindows.Build([small, large], stride: 1);

        var length = pooled.History.Hours / 2;
        Assert.Equal(0, length % 168);
        Assert.Equal(small.TrainingEndHour - length, (int)(pooled.History.FirstHour - Start).TotalHours);
        Assert.Equal(pooled.History.FirstHour.DayOfWeek, pooled.History.FirstHour.AddHours(length).DayOfWeek);
        var first = small.TrainingEndHour - length;
        Assert.Equal(small.Load.Kw[first] / small.Split.History.ScaleKw, pooled.History.LoadKw[0], 1e-6);
        Assert.Equal(large.Load.Kw[first] / large.Split.History.ScaleKw, pooled.History.LoadKw[length], 1e-6);
        Assert.Equal(1f, pooled.History.ScaleKw);
        Assert.Equal(pooled.History.Hours - ForecastWindows.InputHours - ForecastWindows.HorizonHours + 1, pooled.Count);
    }

    [Fact]
    public void ConsortiumRefusesOperatorsOverDifferentHours()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExperimentConsortium([Operator("a", _ => 1), Operator("b", _ => 1, hours: 2000)]));

        Assert.Contains("same hours", error.Message);
    }

    private static ExperimentOperator Operator(string name, Func<int, float> load, int hours = 1680)
    {
        var kw = new float[hours];
        for (var h = 0; h < hours; h++)
        {
            kw[h] = load(h);
        }

        return new ExperimentOperator(name, [name], new HourlyLoadSeries(name, Start, kw), trainingStride: 1);
    }
}
