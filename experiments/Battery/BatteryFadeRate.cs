using System.Text.Json.Serialization;

namespace Consortium.Experiments.Battery;

/// <summary>Capacity fade per equivalent full cycle of one chemistry over the test cells, percentage points of state of health.</summary>
/// <param name="Forecast">The mean forecast fade per cycle from every test cycle with 50 cycles of history: what a wear price would use.</param>
/// <param name="Samples">Cycles <paramref name="Forecast"/> is averaged over.</param>
/// <param name="ForecastWhereMeasured">The mean forecast from the test cycles whose cell goes on for the horizon, the cycles <paramref name="Measured"/> is averaged over; null when there is none.</param>
/// <param name="Measured">The measured mean fade per cycle over the horizon from those cycles; null when there is none.</param>
/// <param name="MeasuredSamples">Cycles <paramref name="Measured"/> is averaged over.</param>
public sealed record BatteryFadeRate(
    [property: JsonPropertyName("forecast")] double Forecast,
    [property: JsonPropertyName("samples")] long Samples,
    [property: JsonPropertyName("forecastWhereMeasured")] double? ForecastWhereMeasured,
    [property: JsonPropertyName("measured")] double? Measured,
    [property: JsonPropertyName("measuredSamples")] long MeasuredSamples);
