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
    public void ModelErrorsAreInKilowattsWhateverTheScale()
    {
        // Weights zero and head bias 1: the network always says 1.0 scaled, which is ScaleKw in kW.
        var architecture = new LoadForecastArchitecture(4);
        var parameters = new float[architecture.ParameterCount];
        Array.Fill(parameters, 1f, parameters.Length - architecture.Horizon, architecture.Horizon);
        var model = new ModelCheckpoint(architecture, parameters);
        var load = new float[400];
        Array.Fill(load, 10f);

        var errors = ForecastEvaluator.Evaluate(model, ForecastWindows.Covering(new LoadHistory(load, SyntheticLoad.Monday, 4f), 0, load.Length, 7));

        Assert.Equal(6.0, errors.RmseKw, 5);
        Assert.Equal(6.0, errors.MaeKw, 5);
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
