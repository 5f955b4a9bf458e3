using Consortium.Experiments.Forecasting;

namespace Consortium.Experiments.Tests.Forecasting;

public sealed class RegionalSeriesTests
{
    [Fact]
    public void ErrorsThatCancelAcrossOperatorsVanishFromTheRegionalSum()
    {
        // One operator forecasts 2 kW too high every hour, the other 2 kW too low: each has RMSE 2,
        // the region's forecast is exact.
        float[] actualA = [10, 12, 14, 16], actualB = [5, 5, 6, 4];
        float[] forecastA = [12, 14, 16, 18], forecastB = [3, 3, 4, 2];

        var regional = RegionalSeries.Sum(new DateTime(2018, 7, 1), [forecastA, forecastB], [actualA, actualB]);

        Assert.Equal([15f, 17f, 20f, 20f], regional.ActualKw);
        Assert.Equal(regional.ActualKw, regional.ForecastKw);
        Assert.Equal(0, regional.Errors.RmseKw);
    }

    [Fact]
    public void RegionalErrorsAreComputedOnTheSumsHourByHour()
    {
        float[] actualA = [10, 0, 4], actualB = [2, 6, 0];
        float[] forecastA = [11, 1, 4], forecastB = [2, 8, 3];

        var errors = RegionalSeries.Sum(new DateTime(2018, 7, 1), [forecastA, forecastB], [actualA, actualB]).Errors;

        // Sums: forecast 13, 9, 7 against actual 12, 6, 4: errors 1, 3, 3.
        Assert.Equal(Math.Sqrt((1 + 9 + 9) / 3.0), errors.RmseKw, 1e-9);
        Assert.Equal(7 / 3.0, errors.MaeKw, 1e-9);
        Assert.Equal(Math.Sqrt(19 / 3.0) / (22 / 3.0), errors.Nrmse, 1e-9);
    }

    [Fact]
    public void SeriesOfDifferentLengthsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => RegionalSeries.Sum(new DateTime(2018, 7, 1), [new float[3], new float[4]], [new float[3], new float[4]]));

        Assert.Contains("hour by hour", error.Message);
    }
}
