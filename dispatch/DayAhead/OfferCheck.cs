using System.Globalization;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.DayAhead;

/// <summary>Which bound of a flexibility offer a request steps over.</summary>
public enum OfferBound
{
    /// <summary>It asks for more power at a step than the fleets can draw.</summary>
    ChargePower,

    /// <summary>It asks for more power back at a step than the fleets can give.</summary>
    DischargePower,

    /// <summary>By the end of a step it has taken more energy than the fleets can usefully have taken.</summary>
    MostEnergy,

    /// <summary>By the end of a step it has taken less energy than the fleets must have taken to meet their drivers' needs.</summary>
    LeastEnergy,

    /// <summary>Within an interval of steps it takes more energy than the fleets plugged in then can usefully take.</summary>
    IntervalMostEnergy,

    /// <summary>Within an interval of steps it takes less energy than the fleets plugged in then must take to meet their drivers' needs.</summary>
    IntervalLeastEnergy,
}

/// <summary>A step where a request leaves the offer.</summary>
/// <param name="Step">The step.</param>
/// <param name="Bound">Which bound.</param>
/// <param name="Asked">What the request asks: kW for a power bound, kWh taken by the end of the step (or within the interval) for an energy bound.</param>
/// <param name="Offered">The bound.</param>
/// <param name="From">For an interval's bound, the interval's first step (<paramref name="Step"/> is its last); otherwise null.</param>
public sealed record OfferShortfall(int Step, OfferBound Bound, double Asked, double Offered, int? From = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var clock = TimeSpan.FromHours(Step * FleetRequest.StepHours);
        var at = string.Create(CultureInfo.InvariantCulture, $"step {Step} ({clock:hh\\:mm})");
        if (From is { } from)
        {
            var start = TimeSpan.FromHours(from * FleetRequest.StepHours);
            var end = TimeSpan.FromHours((Step + 1) * FleetRequest.StepHours);
            var span = string.Create(CultureInfo.InvariantCulture, $"steps {from}–{Step} ({start:hh\\:mm}–{(end.TotalHours >= 24 ? "24:00" : end.ToString("hh\\:mm", CultureInfo.InvariantCulture))})");
            return Bound == OfferBound.IntervalMostEnergy
                ? string.Create(CultureInfo.InvariantCulture, $"{span}: takes {Asked:F1} kWh within them, the fleets plugged in then can use {Offered:F1} kWh")
                : string.Create(CultureInfo.InvariantCulture, $"{span}: takes {Asked:F1} kWh within them, the fleets plugged in then need {Offered:F1} kWh");
        }

        return Bound switch
        {
            OfferBound.ChargePower => string.Create(CultureInfo.InvariantCulture, $"{at}: asks {Asked:F1} kW, the fleets can draw {Offered:F1} kW"),
            OfferBound.DischargePower => string.Create(CultureInfo.InvariantCulture, $"{at}: asks {Asked:F1} kW, the fleets can give back to {Offered:F1} kW"),
            OfferBound.MostEnergy => string.Create(CultureInfo.InvariantCulture, $"{at}: has taken {Asked:F1} kWh, the fleets can use {Offered:F1} kWh by then"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{at}: has taken {Asked:F1} kWh, the fleets need {Offered:F1} kWh by then"),
        };
    }
}

/// <summary>
/// A request checked against the consortium's day-ahead offer (<see cref="FlexibilityForecast.Check"/>): the smallest
/// margin to the power bounds and to the energy bounds over the day (negative where the request leaves the offer), and
/// every step where it does.
/// </summary>
/// <param name="Confidence">The share of days the bounds held on: power within the (1 − confidence) band's, energy between the (1 − confidence) band's least and the confidence band's most.</param>
/// <param name="PowerMarginKw">The smallest distance from the target to a power bound, kW; negative when outside.</param>
/// <param name="EnergyMarginKwh">The smallest distance from the target's energy to an energy bound, kWh; negative when outside.</param>
/// <param name="Shortfalls">Every step where the request leaves the offer, in step order.</param>
public sealed record OfferCheck(double Confidence, double PowerMarginKw, double EnergyMarginKwh, IReadOnlyList<OfferShortfall> Shortfalls)
{
    /// <summary>Whether the request lies within the offer at every step.</summary>
    public bool Within => Shortfalls.Count == 0;

    /// <summary>Steps where the request leaves the offer (a step may leave it by power and by energy at once).</summary>
    public int StepsOutside => Shortfalls.Select(s => s.Step).Distinct().Count();

    /// <summary>What is wrong, the first <paramref name="count"/> shortfalls named, or that the request is within.</summary>
    public string Describe(int count = 3) => Within
        ? string.Create(CultureInfo.InvariantCulture, $"within the offer at {Confidence:P0} (margins {PowerMarginKw:F1} kW, {EnergyMarginKwh:F1} kWh)")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"outside the offer at {Confidence:P0} at {StepsOutside} steps: {string.Join("; ", Shortfalls.Take(count))}{(Shortfalls.Count > count ? "; …" : string.Empty)}");
}
