namespace Consortium.Fl.Evaluation;

/// <summary>
/// Forecast error totals in kW. Totals rather than averages, so that the results of several members
/// (or several batches) add up with <see cref="op_Addition"/> into the errors of the union.
/// </summary>
/// <param name="SumSquaredErrorKw2">Σ (forecast − actual)², kW².</param>
/// <param name="SumAbsoluteErrorKw">Σ |forecast − actual|, kW.</param>
/// <param name="SumActualKw">Σ actual, kW.</param>
/// <param name="Count">Number of forecast values (windows times horizon hours).</param>
public readonly record struct ForecastErrors(double SumSquaredErrorKw2, double SumAbsoluteErrorKw, double SumActualKw, long Count)
{
    /// <summary>No values.</summary>
    public static ForecastErrors Empty => default;

    /// <summary>Root mean squared error, kW; NaN without values.</summary>
    public double RmseKw => Count == 0 ? double.NaN : Math.Sqrt(SumSquaredErrorKw2 / Count);

    /// <summary>Mean absolute error, kW; NaN without values.</summary>
    public double MaeKw => Count == 0 ? double.NaN : SumAbsoluteErrorKw / Count;

    /// <summary>Mean actual load, kW; NaN without values.</summary>
    public double MeanActualKw => Count == 0 ? double.NaN : SumActualKw / Count;

    /// <summary>RMSE divided by the mean actual load; NaN when that mean is not positive.</summary>
    public double Nrmse => MeanActualKw > 0 ? RmseKw / MeanActualKw : double.NaN;

    /// <summary>Errors of the union of two disjoint sets of forecast values.</summary>
    public static ForecastErrors operator +(ForecastErrors left, ForecastErrors right) => new(
        left.SumSquaredErrorKw2 + right.SumSquaredErrorKw2,
        left.SumAbsoluteErrorKw + right.SumAbsoluteErrorKw,
        left.SumActualKw + right.SumActualKw,
        left.Count + right.Count);

    /// <summary>Errors of forecasts against actual values, position by position.</summary>
    public static ForecastErrors Measure(ReadOnlySpan<float> forecastKw, ReadOnlySpan<float> actualKw)
    {
        if (forecastKw.Length != actualKw.Length)
        {
            throw new ArgumentException($"{forecastKw.Length} forecast values for {actualKw.Length} actual ones.", nameof(forecastKw));
        }

        double squared = 0, absolute = 0, actual = 0;
        for (var i = 0; i < forecastKw.Length; i++)
        {
            double error = forecastKw[i] - actualKw[i];
            squared += error * error;
            absolute += Math.Abs(error);
            actual += actualKw[i];
        }

        return new ForecastErrors(squared, absolute, actual, forecastKw.Length);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RMSE {RmseKw:F3} kW, MAE {MaeKw:F3} kW, NRMSE {Nrmse:F3} over {Count} values";
}
