using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Sessions;

/// <summary>
/// How sessions become vehicles, and what is assumed where the session data says nothing (battery, state of charge,
/// V2G capability, efficiencies, site limit). The defaults match <see cref="FleetGenerator"/>'s synthetic fleets.
/// </summary>
/// <param name="MinCapacityKwh">Smallest usable battery; capacity is drawn uniformly between this and <paramref name="MaxCapacityKwh"/>.</param>
/// <param name="MaxCapacityKwh">Largest usable battery.</param>
/// <param name="MinArrivalSoc">Lowest state of charge on arrival.</param>
/// <param name="MaxArrivalSoc">Highest state of charge on arrival, lowered per vehicle so that the session's energy fits in the battery.</param>
/// <param name="V2gShare">Share of vehicles that can discharge (up to their charging power).</param>
/// <param name="ChargeEfficiency">Share of grid energy reaching the battery.</param>
/// <param name="DischargeEfficiency">Share of battery energy reaching the grid.</param>
/// <param name="SiteLimitShare">The fleet's connection limit as a share of its vehicles' summed charging limits.</param>
/// <param name="FeasibleShare">A need may use at most this share of what the charger can deliver during the stay, so it is feasible alone with slack.</param>
/// <param name="MaxAcKw">Highest AC charging power; rated or inferred powers above it are capped to it.</param>
/// <param name="RapidThresholdKw">Chargers rated (or, unrated, averaging) at least this are DC rapid and excluded.</param>
/// <param name="MinEnergyKwh">Sessions delivering less are excluded.</param>
/// <param name="MaxStayHours">Sessions plugged in longer are excluded.</param>
/// <param name="CarryOver">
/// Whether the part of a stay after the first midnight is kept as further vehicle-days (plugged in from step 0); when
/// <see langword="false"/>, only the arrival day's part is kept.
/// </param>
/// <param name="Chemistries">The mix of pack chemistries the vehicles are given (sessions say nothing of the pack);
/// <see cref="ChemistryMix.Default"/> when null.</param>
public sealed record SessionFleetAssumptions(
    double MinCapacityKwh = 40,
    double MaxCapacityKwh = 80,
    double MinArrivalSoc = 0.2,
    double MaxArrivalSoc = 0.8,
    double V2gShare = 0.4,
    double ChargeEfficiency = 0.93,
    double DischargeEfficiency = 0.93,
    double SiteLimitShare = 0.5,
    double FeasibleShare = 0.9,
    double MaxAcKw = 22,
    double RapidThresholdKw = 43,
    double MinEnergyKwh = 0.1,
    double MaxStayHours = 72,
    bool CarryOver = true,
    ChemistryMix? Chemistries = null)
{
    /// <summary>The defaults.</summary>
    public static SessionFleetAssumptions Default { get; } = new();

    /// <summary>Throws when a value is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">A value is out of range or not finite.</exception>
    public void Validate()
    {
        Require(MinCapacityKwh > 0 && MinCapacityKwh <= MaxCapacityKwh && double.IsFinite(MaxCapacityKwh), nameof(MinCapacityKwh), "0 < min capacity <= max capacity");
        Require(MinArrivalSoc >= 0 && MinArrivalSoc <= MaxArrivalSoc && MaxArrivalSoc < 1, nameof(MinArrivalSoc), "0 <= min arrival SoC <= max arrival SoC < 1");
        Require(V2gShare is >= 0 and <= 1, nameof(V2gShare), "a share in [0, 1]");
        Require(ChargeEfficiency is > 0 and <= 1, nameof(ChargeEfficiency), "an efficiency in (0, 1]");
        Require(DischargeEfficiency is > 0 and <= 1, nameof(DischargeEfficiency), "an efficiency in (0, 1]");
        Require(SiteLimitShare is > 0 and <= 1, nameof(SiteLimitShare), "a share in (0, 1]");
        Require(FeasibleShare is > 0 and <= 1, nameof(FeasibleShare), "a share in (0, 1]");
        Require(MaxAcKw > 0 && MaxAcKw < RapidThresholdKw && double.IsFinite(RapidThresholdKw), nameof(MaxAcKw), "0 < max AC power < rapid threshold");
        Require(MinEnergyKwh >= 0 && double.IsFinite(MinEnergyKwh), nameof(MinEnergyKwh), "zero or more");
        Require(MaxStayHours > 0 && double.IsFinite(MaxStayHours), nameof(MaxStayHours), "a positive number of hours");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {rule}.", name);
        }
    }
}
