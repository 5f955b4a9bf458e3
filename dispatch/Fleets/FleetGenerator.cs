namespace Consortium.Dispatch.Fleets;

/// <summary>
/// Draws a synthetic fleet of any size for one day of 96 fifteen-minute steps starting at midnight.
/// The same seed gives the same fleet.
/// </summary>
/// <remarks>
/// Assumptions, chosen to resemble published home and workplace charging studies rather than fitted to data:
/// <list type="bullet">
/// <item>45 % evening home stays: arrival normal around 18:30 (sd 1.5 h, kept within 15:00–23:00), plugged in to the end of the day.</item>
/// <item>20 % overnight stays left over from the previous evening: plugged in from midnight, leaving around 07:30 (sd 1 h, 05:00–10:00).</item>
/// <item>35 % workplace stays: arrival around 08:30 (sd 1 h, 06:00–11:00), staying around 8.5 h (sd 1 h, 4–11 h).</item>
/// <item>Energy wanted 5–40 kWh, skewed towards short trips (5 + 35·u²), trimmed to what fits in the battery and to 90 % of what
/// the charger can deliver during the stay, so that every request can be met by the vehicle alone; the site limit can still make
/// requests infeasible together.</item>
/// <item>Capacity uniform 40–80 kWh; arrival state of charge uniform 20–80 %.</item>
/// <item>Chargers 7 kW (60 %) or 11 kW (40 %); 40 % of vehicles are V2G-capable and discharge up to their charging power.</item>
/// <item>Charging and discharging efficiency 93 % each; site limit a given share (default 50 %) of the sum of charger limits.</item>
/// <item>Pack chemistries from a <see cref="ChemistryMix"/> (<see cref="ChemistryMix.Default"/> unless given), drawn apart from
/// the other attributes so that they are the same as before chemistries were drawn.</item>
/// </list>
/// </remarks>
public static class FleetGenerator
{
    /// <summary>Steps in the day the generator covers.</summary>
    public const int DaySteps = 96;

    private const double StepsPerHour = 1 / FleetRequest.StepHours;

    /// <summary>Draws <paramref name="vehicleCount"/> vehicles.</summary>
    /// <param name="vehicleCount">Number of vehicles, zero or more.</param>
    /// <param name="seed">Seed of the random draws.</param>
    /// <param name="siteLimitShare">Site limit as a share of the summed charger limits, in (0, 1].</param>
    /// <param name="chemistries">The mix of pack chemistries; <see cref="ChemistryMix.Default"/> when null.</param>
    public static Fleet Generate(int vehicleCount, int seed, double siteLimitShare = 0.5, ChemistryMix? chemistries = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vehicleCount);
        if (!(siteLimitShare > 0 && siteLimitShare <= 1))
        {
            throw new ArgumentException($"The site limit share must lie in (0, 1], not {siteLimitShare}.", nameof(siteLimitShare));
        }

        var random = new Random(seed);
        var columns = new FleetColumns(vehicleCount);
        var (arrival, departure, energy, capacity, soc) = (columns.Arrival, columns.Departure, columns.EnergyNeededKwh, columns.CapacityKwh, columns.ArrivalSoc);
        var (charge, discharge, etaCharge, etaDischarge) = (columns.MaxChargeKw, columns.MaxDischargeKw, columns.ChargeEfficiency, columns.DischargeEfficiency);
        for (var i = 0; i < vehicleCount; i++)
        {
            var kind = random.NextDouble();
            double arriveHour, departHour;
            if (kind < 0.45)
            {
                arriveHour = Normal(random, 18.5, 1.5, 15, 23);
                departHour = 24;
            }
            else if (kind < 0.65)
            {
                arriveHour = 0;
                departHour = Normal(random, 7.5, 1, 5, 10);
            }
            else
            {
                arriveHour = Normal(random, 8.5, 1, 6, 11);
                departHour = Math.Min(24, arriveHour + Normal(random, 8.5, 1, 4, 11));
            }

            arrival[i] = (int)(arriveHour * StepsPerHour);
            departure[i] = Math.Clamp((int)Math.Round(departHour * StepsPerHour), arrival[i] + 1, DaySteps);
            capacity[i] = 40 + 40 * random.NextDouble();
            soc[i] = 0.2 + 0.6 * random.NextDouble();
            charge[i] = random.NextDouble() < 0.6 ? 7 : 11;
            discharge[i] = random.NextDouble() < 0.4 ? charge[i] : 0;
            etaCharge[i] = 0.93;
            etaDischarge[i] = 0.93;
            var u = random.NextDouble();
            var wanted = 5 + 35 * u * u;
            var deliverable = 0.9 * charge[i] * etaCharge[i] * FleetRequest.StepHours * (departure[i] - arrival[i]);
            energy[i] = Math.Min(wanted, Math.Min(deliverable, capacity[i] * (1 - soc[i])));
        }

        (chemistries ?? ChemistryMix.Default).Assign(vehicleCount, seed).CopyTo(columns.Chemistry, 0);
        return columns.ToFleet(siteLimitShare);
    }

    private static double Normal(Random random, double mean, double sd, double min, double max)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Clamp(mean + sd * z, min, max);
    }
}
