namespace Consortium.Network.Federation;

/// <summary>
/// Additive error sums of a forecast over some set of forecast hours, so that the results of
/// several members combine into one pooled RMSE without any member revealing its series.
/// </summary>
public sealed record ErrorSums(string Label, double SumSquaredError, double SumAbsoluteError, double SumActual, long Count)
{
    /// <summary>Root mean squared error, kW.</summary>
    public double Rmse => Count == 0 ? double.NaN : Math.Sqrt(SumSquaredError / Count);

    /// <summary>Mean absolute error, kW.</summary>
    public double Mae => Count == 0 ? double.NaN : SumAbsoluteError / Count;

    /// <summary>Mean squared error, kW².</summary>
    public double Mse => Count == 0 ? double.NaN : SumSquaredError / Count;

    /// <summary>RMSE over the mean actual load.</summary>
    public double Nrmse => Count == 0 || SumActual == 0 ? double.NaN : Rmse / (SumActual / Count);

    /// <summary>Pools two sets of sums under this record's label.</summary>
    public ErrorSums Plus(ErrorSums other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            SumSquaredError = SumSquaredError + other.SumSquaredError,
            SumAbsoluteError = SumAbsoluteError + other.SumAbsoluteError,
            SumActual = SumActual + other.SumActual,
            Count = Count + other.Count,
        };
    }
}
