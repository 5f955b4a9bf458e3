namespace Consortium.Fl.Models;

/// <summary>
/// Which network a <see cref="LoadForecastArchitecture"/> describes. The numeric values are the model-kind
/// codes of the <see cref="ModelCheckpoint"/> header, so they never change once released.
/// </summary>
public enum ForecastModelKind : ushort
{
    /// <summary>A GRU over the week of hourly inputs whose last hidden state feeds a linear head.</summary>
    Gru = 1,

    /// <summary>
    /// A multilayer perceptron on lagged features: the 168 past loads and the calendar of the forecast
    /// day, through fully connected ReLU layers, to the 24 forecast hours.
    /// </summary>
    Mlp = 2,
}
