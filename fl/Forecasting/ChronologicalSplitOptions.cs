namespace Consortium.Fl.Forecasting;

/// <summary>How a series is cut by time into training, validation and test hours.</summary>
/// <param name="TrainFraction">Share of the hours, from the start, used for training and for the scale.</param>
/// <param name="ValidationFraction">Share of the hours after the training ones used for validation; the rest is the test part.</param>
/// <param name="Stride">Hours between the starts of consecutive windows.</param>
public sealed record ChronologicalSplitOptions(double TrainFraction = 0.70, double ValidationFraction = 0.15, int Stride = 1)
{
    /// <summary>70 % training, 15 % validation, 15 % test, a window every hour.</summary>
    public static ChronologicalSplitOptions Default { get; } = new();
}
