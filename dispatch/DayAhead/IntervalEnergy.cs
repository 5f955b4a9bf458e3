using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.DayAhead;

/// <summary>
/// The least and the most grid energy a fleet must and can take within every interval of steps [a, b] of a day: the
/// sums over its vehicles of what each must and can take while plugged in within the interval, given what its steps
/// outside the interval can still deliver. Cumulative energy bounds (intervals from the first step) miss a request that
/// moves energy out of an evening whose vehicles come and go within it; these bounds do not.
/// </summary>
/// <remarks>
/// <para>
/// Stored as a triangle: the interval [a, b] (0 ≤ a ≤ b &lt; steps) at <see cref="Index"/>, b·(b + 1)/2 + a.
/// </para>
/// <para>
/// Per vehicle with a stay of S steps in the horizon, L of them within the interval, a need of N grid kWh, charge and
/// discharge limits c and g (kW), a step of Δ hours: at most min(c·Δ·L, ceiling) (the ceiling as in the fleet's energy
/// envelope: its need, plus for a V2G vehicle what it could give back and recharge); at least what the stay's other
/// steps cannot deliver, N − c·Δ·(S − L) (where that is negative a V2G vehicle may give back that much, scaled by its
/// round trip), and never less than what it can give back within the interval, −min(g·Δ·L, releasable + c·Δ·(S − L)
/// after the round trip). Both are necessary conditions, not sufficient ones: a request within them may still be
/// infeasible where vehicles compete for the site limit or for the same steps across overlapping intervals.
/// </para>
/// </remarks>
public static class IntervalEnergy
{
    /// <summary>Intervals of a horizon of <paramref name="steps"/> steps: steps·(steps + 1)/2.</summary>
    public static int Count(int steps) => steps * (steps + 1) / 2;

    /// <summary>Where the interval [<paramref name="first"/>, <paramref name="last"/>] is stored.</summary>
    public static int Index(int first, int last) => (last * (last + 1) / 2) + first;

    /// <summary>
    /// The fleet's least and most grid energy within every interval (kWh; see <see cref="IntervalEnergy"/>), the site limit
    /// applied to the fleet's sum.
    /// </summary>
    public static (double[] LeastKwh, double[] MostKwh) Of(Fleet fleet, int steps)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        const double dt = FleetRequest.StepHours;

        // Vehicles grouped by their stay in the horizon, [arrival, departure): each group's sums for every overlap L.
        var groups = new Dictionary<(int Arrival, int Departure), (double[] Least, double[] Most)>();
        for (var i = 0; i < fleet.Count; i++)
        {
            var arrival = Math.Clamp(fleet.Arrival[i], 0, steps);
            var departure = Math.Clamp(fleet.Departure[i], arrival, steps);
            var stay = departure - arrival;
            if (stay == 0)
            {
                continue;
            }

            if (!groups.TryGetValue((arrival, departure), out var sums))
            {
                sums = (new double[stay + 1], new double[stay + 1]);
                groups[(arrival, departure)] = sums;
            }

            var charge = fleet.MaxChargeKw[i];
            var discharge = fleet.MaxDischargeKw[i];
            var (need, releasable, ceiling, roundTrip) = VehicleEnergy.Of(fleet, i);
            for (var overlap = 1; overlap <= stay; overlap++)
            {
                var within = charge * dt * overlap;
                var outside = charge * dt * (stay - overlap);
                var later = need - outside;
                double least;
                if (discharge > 0)
                {
                    var givable = Math.Min(discharge * dt * overlap, releasable + (roundTrip * outside));
                    least = Math.Max(later >= 0 ? later : roundTrip * later, -givable);
                }
                else
                {
                    least = Math.Max(0, later);
                }

                sums.Least[overlap] += Math.Min(least, within);
                sums.Most[overlap] += Math.Min(within, ceiling);
            }
        }

        var leastKwh = new double[Count(steps)];
        var mostKwh = new double[Count(steps)];
        foreach (var ((arrival, departure), sums) in groups)
        {
            // Intervals [a, b] that overlap the stay: a < departure and b ≥ arrival.
            for (var last = arrival; last < steps; last++)
            {
                var end = Math.Min(last + 1, departure);
                var row = last * (last + 1) / 2;
                for (var first = 0; first <= Math.Min(last, departure - 1); first++)
                {
                    var overlap = end - Math.Max(first, arrival);
                    leastKwh[row + first] += sums.Least[overlap];
                    mostKwh[row + first] += sums.Most[overlap];
                }
            }
        }

        var site = fleet.SiteLimitKw * dt;
        for (var last = 0; last < steps; last++)
        {
            for (var first = 0; first <= last; first++)
            {
                var index = Index(first, last);
                var limit = site * (last - first + 1);
                mostKwh[index] = Math.Min(mostKwh[index], limit);
                leastKwh[index] = Math.Clamp(leastKwh[index], -limit, limit);
            }
        }

        return (leastKwh, mostKwh);
    }
}
