using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Tests.Forecasting;

namespace Consortium.Fl.Tests.Evaluation;

public class ForecastEvaluatorTests
{
    [Fact]
    public void SeasonalNaiveIsExactOnALoadThatRepeatsEveryWeek()
    {
        var split = ForecastSplit.Chronological(SyntheticLoad.WeeklyPattern(8), SyntheticLoad.Monday);
        var errors = ForecastEvaluator.SeasonalNaive(split.Validation);
        Assert.Equal(split.Validation.ValueCount, errors.Count);
        Assert.Equal(0, errors.SumSquaredErrorKw2);
    }

    [Fact]
    public void SeasonalNaiveErrorIsTheWeekOnWeekChange()
    {
        var load = new float[3 * 168];
        Array.Fill(load, 1f, 0, 168);
        Array.Fill(load, 3f, 168, 2 * 168);
        var windows = ForecastWindows.Covering(new LoadHistory(load, SyntheticLoad.Monday, 1f), 168, 168 + 24);

        var errors = ForecastEvaluator.SeasonalNaive(windows);

        Assert.Equal(1, windows.Count);
        Assert.Equal(2.0, errors.RmseKw, 12);
        Assert.Equal(2.0 / 3.0, errors.Nrmse, 12);
    }

    [Fact]
    public void ModelForecastsComeBackInKilowattsThroughTheWindowLevelAndTheScale()
    {
        // Zero weights and an output bias of 0.5: the network forecasts half the week's level. A flat
        // 10 kW week at scale 4 kW has level 2.5 scaled units, so the forecast is 0.5 · 2.5 · 4 = 5 kW.
        var architecture = new LoadForecastArchitecture(4);
        var parameters = new float[architecture.ParameterCount];
        Array.Fill(parameters, 0.5f, parameters.Length - architecture.Horizon, architecture.Horizon);
        var model = new ModelCheckpoint(architecture, parameters);
        var load = new float[400];
        Array.Fill(load, 10f);

        var errors = ForecastEvaluator.Evaluate(model, ForecastWindows.Covering(new LoadHistory(load, SyntheticLoad.Monday, 4f), 0, load.Length, 7));

        Assert.Equal(5.0, errors.RmseKw, 5);
        Assert.Equal(5.0, errors.MaeKw, 5);
    }

    [Theory]
    [InlineData(ForecastModelKind.Gru)]
    [InlineData(ForecastModelKind.Mlp)]
    public void EvaluationIsTheSameWhateverTheBatching(ForecastModelKind kind)
    {
        // More windows than one evaluation batch, so the last batch is a partial one.
        var architecture = new LoadForecastArchitecture(8, 1, kind);
        var model = new ModelCheckpoint(architecture, architecture.InitialParameters(6));
        var load = SyntheticLoad.NoisyWeeklyPattern(4, 1f, 2);
        var windows = ForecastWindows.Covering(new LoadHistory(load, SyntheticLoad.Monday, 3f), 0, load.Length);

        var split = windows.TargetStarts[100];
        var first = ForecastWindows.Covering(windows.History, 0, split + ForecastWindows.HorizonHours - 1);
        var rest = ForecastWindows.Covering(windows.History, split, load.Length);

        var together = ForecastEvaluator.Evaluate(model, windows);
        var apart = ForecastEvaluator.Evaluate(model, first) + ForecastEvaluator.Evaluate(model, rest);

        Assert.True(windows.Count > 256, $"{windows.Count} windows");
        Assert.Equal(windows.Count, first.Count + rest.Count);
        Assert.Equal(apart.SumSquaredErrorKw2, together.SumSquaredErrorKw2, 1e-6 * apart.SumSquaredErrorKw2);
    }

    [Fact]
    public void ForecasterAgreesWithTheEvaluatorOnTheSameWindow()
    {
        var architecture = new LoadForecastArchitecture(8);
        var model = new ModelCheckpoint(architecture, architecture.InitialParameters(11));
        var load = SyntheticLoad.NoisyWeeklyPattern(2, 1f, 3);
        var history = new LoadHistory(load, SyntheticLoad.Monday, 5f);
        var window = ForecastWindows.Covering(history, 200, 224);

        var forecast = LoadForecaster.Forecast(model, load.AsSpan(32, 168), SyntheticLoad.Monday.AddHours(32), 5f);

        var expected = ForecastEvaluator.Evaluate(model, window);
        var measured = ForecastErrors.Measure(forecast, window.ActualKw(0));
        Assert.Equal(expected.SumSquaredErrorKw2, measured.SumSquaredErrorKw2, 6);
    }

    [Fact]
    public void ForecasterNeedsExactlyOneWeekOfHistory()
    {
        var model = new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(0));
        Assert.Throws<ArgumentException>(() => LoadForecaster.Forecast(model, new float[100], SyntheticLoad.Monday, 1f));
    }
}
