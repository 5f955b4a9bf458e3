namespace Consortium.Fl.Battery;

/// <summary>
/// Sums of forecast errors in percentage points of state of health, which add across members: a coordinator pools
/// members' sums without seeing a cycle, and the pooled errors equal those computed on all the members' samples at once.
/// </summary>
/// <param name="AbsoluteSum">Σ |forecast − measured|.</param>
/// <param name="SquaredSum">Σ (forecast − measured)².</param>
/// <param name="RelativeSum">Σ |forecast − measured| / measured (the measured state of health in percent).</param>
/// <param name="Count">Forecasts compared.</param>
public readonly record struct SohErrorSums(double AbsoluteSum, double SquaredSum, double RelativeSum, long Count)
{
    /// <summary>Mean absolute error (percentage points); NaN without a forecast.</summary>
    public double Mae => Count == 0 ? double.NaN : AbsoluteSum / Count;

    /// <summary>Root mean squared error (percentage points); NaN without a forecast.</summary>
    public double Rmse => Count == 0 ? double.NaN : Math.Sqrt(SquaredSum / Count);

    /// <summary>Mean absolute error relative to the measured state of health, in percent; NaN without a forecast.</summary>
    public double Mape => Count == 0 ? double.NaN : 100 * RelativeSum / Count;

    /// <summary>Both sets' forecasts together.</summary>
    public static SohErrorSums operator +(SohErrorSums left, SohErrorSums right) =>
        new(left.AbsoluteSum + right.AbsoluteSum, left.SquaredSum + right.SquaredSum, left.RelativeSum + right.RelativeSum, left.Count + right.Count);

    /// <summary>These sums with one more forecast.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or the measurement is not above zero.</exception>
    public SohErrorSums Add(double forecast, double measured)
    {
        if (!double.IsFinite(forecast) || !(measured > 0 && double.IsFinite(measured)))
        {
            throw new ArgumentOutOfRangeException(nameof(forecast), $"Cannot score the forecast {forecast} against the measured state of health {measured}.");
        }

        var error = forecast - measured;
        return new SohErrorSums(AbsoluteSum + Math.Abs(error), SquaredSum + (error * error), RelativeSum + (Math.Abs(error) / measured), Count + 1);
    }
}
