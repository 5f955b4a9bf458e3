namespace Consortium.Fl.Battery;

/// <summary>Estimation errors in percentage points of state of health, over a set of cycles.</summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mape">Mean absolute error relative to the measured state of health, in percent.</param>
/// <param name="Count">Cycles evaluated.</param>
public sealed record SohErrors(double Mae, double Rmse, double Mape, int Count)
{
    /// <summary>The errors of <paramref name="estimated"/> against <paramref name="measured"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ or there is nothing to compare.</exception>
    public static SohErrors Of(ReadOnlySpan<double> estimated, ReadOnlySpan<double> measured)
    {
        if (estimated.Length != measured.Length || measured.Length == 0)
        {
            throw new ArgumentException($"Cannot compare {estimated.Length} estimates with {measured.Length} measurements.");
        }

        double absolute = 0, squared = 0, relative = 0;
        for (var i = 0; i < measured.Length; i++)
        {
            var error = estimated[i] - measured[i];
            absolute += Math.Abs(error);
            squared += error * error;
            relative += Math.Abs(error) / measured[i];
        }

        return new SohErrors(absolute / measured.Length, Math.Sqrt(squared / measured.Length), 100 * relative / measured.Length, measured.Length);
    }
}
