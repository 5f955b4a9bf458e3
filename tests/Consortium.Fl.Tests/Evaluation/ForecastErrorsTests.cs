using Consortium.Fl.Evaluation;

namespace Consortium.Fl.Tests.Evaluation;

public class ForecastErrorsTests
{
    [Fact]
    public void MetricsFollowFromTheTotals()
    {
        var errors = ForecastErrors.Measure([1f, 2f, 3f, 6f], [2f, 2f, 5f, 3f]);

        Assert.Equal(1 + 0 + 4 + 9, errors.SumSquaredErrorKw2);
        Assert.Equal(Math.Sqrt(14 / 4.0), errors.RmseKw, 12);
        Assert.Equal(6 / 4.0, errors.MaeKw, 12);
        Assert.Equal(3.0, errors.MeanActualKw, 12);
        Assert.Equal(Math.Sqrt(14 / 4.0) / 3.0, errors.Nrmse, 12);
    }

    [Fact]
    public void AddingTwoPartiesGivesTheErrorsOfTheirUnion()
    {
        float[] forecast = [1f, 4f, 2f, 8f, 0f];
        float[] actual = [2f, 3f, 2f, 5f, 1f];

        var union = ForecastErrors.Measure(forecast, actual);
        var parts = ForecastErrors.Measure(forecast.AsSpan(0, 2), actual.AsSpan(0, 2))
            + ForecastErrors.Measure(forecast.AsSpan(2), actual.AsSpan(2));

        Assert.Equal(union.Count, parts.Count);
        Assert.Equal(union.RmseKw, parts.RmseKw, 12);
        Assert.Equal(union.MaeKw, parts.MaeKw, 12);
        Assert.Equal(union.Nrmse, parts.Nrmse, 12);
    }

    [Fact]
    public void NoValuesGiveNaNRatherThanZeroError()
    {
        Assert.True(double.IsNaN(ForecastErrors.Empty.RmseKw));
        Assert.True(double.IsNaN(ForecastErrors.Measure([1f], [0f]).Nrmse));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ForecastErrors.Measure([1f, 2f], [1f]));
    }
}
