using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// The consortium's day-ahead flexibility offer (its operators' offers summed by quantile) and the grid party's request
/// checked against it before the event opened.
/// </summary>
public sealed class OfferSection
{
    /// <summary>Days of its own history each operator drew its offer from (the fewest, where they differ).</summary>
    [JsonPropertyName("days")]
    public int Days { get; set; }

    /// <summary>The confidence the request was checked at: power within the (1 − confidence) band, energy within the median's.</summary>
    [JsonPropertyName("confidence")]
    public double Confidence { get; set; }

    /// <summary>Whether the request lay within the offer at every step.</summary>
    [JsonPropertyName("within")]
    public bool Within { get; set; }

    /// <summary>The smallest distance from the request to a power bound, kW (negative where it leaves the offer).</summary>
    [JsonPropertyName("powerMarginKw")]
    public double PowerMarginKw { get; set; }

    /// <summary>The smallest distance from the energy the request has taken to an energy bound, kWh (negative where it leaves the offer).</summary>
    [JsonPropertyName("energyMarginKwh")]
    public double EnergyMarginKwh { get; set; }

    /// <summary>Steps where the request left the offer.</summary>
    [JsonPropertyName("shortfallSteps")]
    public int ShortfallSteps { get; set; }

    /// <summary>The offer's bands, by ascending quantile.</summary>
    [JsonPropertyName("bands")]
    public IReadOnlyList<OfferBandSection> Bands { get; set; } = [];
}

/// <summary>One quantile of the consortium's offer, per step.</summary>
public sealed class OfferBandSection
{
    /// <summary>The quantile.</summary>
    [JsonPropertyName("quantile")]
    public double Quantile { get; set; }

    /// <summary>Vehicles plugged in.</summary>
    [JsonPropertyName("pluggedIn")]
    public IReadOnlyList<double> PluggedIn { get; set; } = [];

    /// <summary>The most the fleets can draw, kW.</summary>
    [JsonPropertyName("maxChargeKw")]
    public IReadOnlyList<double> MaxChargeKw { get; set; } = [];

    /// <summary>The most the fleets can give back, kW (≥ 0).</summary>
    [JsonPropertyName("maxDischargeKw")]
    public IReadOnlyList<double> MaxDischargeKw { get; set; } = [];

    /// <summary>The least grid energy taken by the end of each step, kWh.</summary>
    [JsonPropertyName("minEnergyKwh")]
    public IReadOnlyList<double> MinEnergyKwh { get; set; } = [];

    /// <summary>The most grid energy usefully taken by the end of each step, kWh.</summary>
    [JsonPropertyName("maxEnergyKwh")]
    public IReadOnlyList<double> MaxEnergyKwh { get; set; } = [];

    /// <summary>The least grid energy taken within each interval of steps [a, b], at b·(b + 1)/2 + a, kWh; absent where the offer bounds only the energy from the day's start.</summary>
    [JsonPropertyName("intervalMinEnergyKwh")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? IntervalMinEnergyKwh { get; set; }

    /// <summary>The most grid energy usefully taken within each interval of steps, laid out as <see cref="IntervalMinEnergyKwh"/>, kWh.</summary>
    [JsonPropertyName("intervalMaxEnergyKwh")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? IntervalMaxEnergyKwh { get; set; }
}
