using Consortium.Data.Councils;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Sessions;

/// <summary>The fleets of a simulated consortium: a number of vehicles split over a number of operators.</summary>
public static class SimulatedFleets
{
    /// <summary>
    /// Splits the vehicles over the operators as evenly as possible and draws each operator's fleet: from the bundled
    /// Scottish sessions (operators alternate between the two councils' profiles), or from <see cref="FleetGenerator"/>.
    /// </summary>
    /// <param name="operators">Operators to split the vehicles over.</param>
    /// <param name="vehicles">Vehicles in total.</param>
    /// <param name="horizonSteps">15-minute steps; a day's fleets are cut to a shorter horizon.</param>
    /// <param name="seed">Seed of the draws; operator i draws with seed × 1000 + i.</param>
    /// <param name="synthetic">Draw from <see cref="FleetGenerator"/> instead of the bundled sessions.</param>
    /// <param name="output">Receives a line per council profile read.</param>
    /// <param name="chemistries">The mix of pack chemistries each operator's vehicles are given (from the operator's seed);
    /// <see cref="ChemistryMix.Default"/> when null.</param>
    public static (Fleet[] Fleets, string Source) Build(
        int operators, int vehicles, int horizonSteps, int seed, bool synthetic, TextWriter output, ChemistryMix? chemistries = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (operators <= 0)
        {
            throw new ArgumentException($"At least one operator is needed, not {operators}.", nameof(operators));
        }

        if (vehicles < operators)
        {
            throw new ArgumentException($"{vehicles} vehicles cannot be split over {operators} operators.", nameof(vehicles));
        }

        Func<int, int, Fleet> draw;
        string source;
        if (synthetic)
        {
            draw = (count, seed) => FleetGenerator.Generate(count, seed);
            source = "synthetic: FleetGenerator (stated assumptions)";
        }
        else
        {
            var data = ScottishCouncilData.Load(ScottishCouncilData.LocateRoot());
            var profiles = data.ByCouncil.Keys.Order(StringComparer.Ordinal).Select(c => (Council: c, Profile: SessionFleets.ForCouncil(data, c))).ToArray();
            foreach (var (council, profile) in profiles)
            {
                var summary = profile.Summary;
                output.WriteLine($"  {council}: {summary}");
            }

            draw = (count, seed) => profiles[seed % profiles.Length].Profile.Generate(count, seed);
            source = "sessions: " + string.Join(" / ", profiles.Select(p => p.Council)) + " charging sessions (operators alternate), stated battery, SoC and V2G assumptions";
        }

        var fleets = new Fleet[operators];
        Parallel.For(0, fleets.Length, i =>
        {
            var count = vehicles / operators + (i < vehicles % operators ? 1 : 0);
            var fleet = draw(count, seed * 1000 + i);
            if (chemistries is not null)
            {
                fleet = fleet.WithChemistry(chemistries.Assign(count, seed * 1000 + i));
            }

            fleets[i] = Clip(fleet, horizonSteps);
        });
        return (fleets, source);
    }

    /// <summary>
    /// Cuts a day's fleet to a shorter horizon: vehicles arriving after it are kept but parked at its last step with no
    /// need; stays running past it end there, with their need trimmed to what the shortened stay can deliver.
    /// </summary>
    internal static Fleet Clip(Fleet fleet, int horizonSteps)
    {
        if (horizonSteps >= FleetGenerator.DaySteps)
        {
            return fleet;
        }

        var arrival = (int[])fleet.Arrival.Clone();
        var departure = (int[])fleet.Departure.Clone();
        var need = (double[])fleet.EnergyNeededKwh.Clone();
        for (var i = 0; i < fleet.Count; i++)
        {
            if (arrival[i] >= horizonSteps)
            {
                arrival[i] = horizonSteps - 1;
                need[i] = 0;
            }

            departure[i] = Math.Clamp(departure[i], arrival[i] + 1, horizonSteps);
            var deliverable = 0.9 * fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours * (departure[i] - arrival[i]);
            need[i] = Math.Min(need[i], deliverable);
        }

        return new Fleet(
            arrival, departure, need, fleet.CapacityKwh, fleet.ArrivalSoc, fleet.MaxChargeKw, fleet.MaxDischargeKw,
            fleet.ChargeEfficiency, fleet.DischargeEfficiency, fleet.SiteLimitKw, fleet.Chemistry);
    }
}
