using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Targets;

/// <summary>The requests a simulation makes up: a shaved evening peak with a filled night valley (the default), or one of the grid party's request families.</summary>
public static class DispatchTargets
{
    /// <summary>First step of the evening peak the default request shaves (17:00).</summary>
    public const int PeakStart = 68;

    /// <summary>Step after the evening peak (21:00).</summary>
    public const int PeakEnd = 84;

    /// <summary>
    /// The aggregate of a plain smart-charging rule applied to every vehicle, which the grid party then asks for: before
    /// 17:00 vehicles charge as they would uncontrolled (at full power until their need is met); over 17:00–21:00 no
    /// vehicle charges more than it must to still meet its need, and V2G vehicles export a share
    /// <paramref name="shaveShare"/> of their discharge limit while they stay above their floor and can still recharge
    /// in time; after 21:00 each vehicle spreads what it still needs evenly over the rest of its stay (filling the night
    /// valley instead of making a new peak). The rule respects every vehicle's constraints by construction, so the
    /// request is feasible: a dispatcher that misses it has itself to blame. It is not optimal: the coordinated dispatch
    /// may meet it with less wear.
    /// </summary>
    /// <param name="fleets">The operators' fleets.</param>
    /// <param name="horizonSteps">Steps of the request (the peak and valley repeat each day).</param>
    /// <param name="shaveShare">Share of each V2G vehicle's discharge limit exported during the peak, in [0, 1].</param>
    public static double[] ShavePeakFillValley(IReadOnlyList<Fleet> fleets, int horizonSteps, double shaveShare = 0.25)
    {
        ArgumentNullException.ThrowIfNull(fleets);
        if (!(shaveShare >= 0 && shaveShare <= 1))
        {
            throw new ArgumentException($"The share of flexibility asked for must lie in [0, 1], not {shaveShare}.", nameof(shaveShare));
        }

        var target = new double[horizonSteps];
        var perFleet = new double[fleets.Count][];
        Parallel.For(0, fleets.Count, f => perFleet[f] = Fleet(fleets[f], horizonSteps, shaveShare));
        foreach (var profile in perFleet)
        {
            for (var t = 0; t < horizonSteps; t++)
            {
                target[t] += profile[t];
            }
        }

        return target;
    }

    /// <summary>
    /// A flat request: the same power at every step, <paramref name="level"/> times the mean of what the fleets draw
    /// uncontrolled (every vehicle at full power from arrival until its need is met) over the horizon. A grid party levelling
    /// its load asks for this; far from the shape of uncontrolled charging, it is the hardest kind of request to meet.
    /// </summary>
    /// <exception cref="ArgumentException">The level is not a positive number.</exception>
    public static double[] Flat(IReadOnlyList<Fleet> fleets, int horizonSteps, double level) => Shaped(fleets, horizonSteps, "flat", level);

    /// <summary>
    /// A grid party's request of one family (<see cref="GridRequestShapes"/>) built from what the fleets would draw
    /// uncontrolled over the horizon: the party's day-ahead view of the consortium's load, never the fleets' own plan.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown family, or a level out of its range.</exception>
    public static double[] Shaped(IReadOnlyList<Fleet> fleets, int horizonSteps, string family, double level)
    {
        ArgumentNullException.ThrowIfNull(fleets);
        var uncontrolled = DispatchBaselines.Uncontrolled(new FleetRequest(horizonSteps, new double[horizonSteps], fleets));
        return GridRequestShapes.Of(family, uncontrolled.AggregateKw, level);
    }

    /// <summary>
    /// Applies the rule step by step to one fleet. Where the fleet would draw more than its site limit, every vehicle's
    /// charging above what it must take is scaled down alike (never below what it must take), so the profile stays
    /// within the site limit whenever the vehicles' forced charging does.
    /// </summary>
    private static double[] Fleet(Fleet fleet, int horizonSteps, double shaveShare)
    {
        const double dt = FleetRequest.StepHours;
        var n = fleet.Count;
        var energy = new double[n];
        var wanted = new double[n];
        var forced = new double[n];
        for (var i = 0; i < n; i++)
        {
            energy[i] = fleet.ArrivalEnergyKwh(i);
        }

        var profile = new double[horizonSteps];
        for (var t = 0; t < horizonSteps; t++)
        {
            var total = 0.0;
            var totalForced = 0.0;
            for (var i = 0; i < n; i++)
            {
                wanted[i] = 0;
                forced[i] = 0;
                if (t < fleet.Arrival[i] || t >= Math.Min(fleet.Departure[i], horizonSteps))
                {
                    continue;
                }

                (wanted[i], forced[i]) = Vehicle(fleet, i, t, Math.Min(fleet.Departure[i], horizonSteps), energy[i], shaveShare);
                total += wanted[i];
                totalForced += Math.Max(0, forced[i]);
            }

            var scale = 1.0;
            if (total > fleet.SiteLimitKw && total > totalForced)
            {
                scale = Math.Max(0, (fleet.SiteLimitKw - totalForced) / (total - totalForced));
            }

            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var p = wanted[i];
                if (p > 0 && scale < 1)
                {
                    p = forced[i] + (p - forced[i]) * scale;
                }

                energy[i] += p >= 0 ? p * fleet.ChargeEfficiency[i] * dt : p / fleet.DischargeEfficiency[i] * dt;
                sum += p;
            }

            profile[t] = sum;
        }

        return profile;
    }

    /// <summary>The rule's power for one vehicle at one step, and the least it must take then to still meet its need.</summary>
    private static (double Wanted, double Forced) Vehicle(Fleet fleet, int i, int t, int end, double energy, double shaveShare)
    {
        const double dt = FleetRequest.StepHours;
        var required = fleet.RequiredEnergyKwh(i);
        var etaC = fleet.ChargeEfficiency[i];
        var etaD = fleet.DischargeEfficiency[i];
        var charge = fleet.MaxChargeKw[i];
        var discharge = fleet.MaxDischargeKw[i];
        var stepOfDay = t % FleetGenerator.DaySteps;
        var remaining = Math.Max(0, required - energy);
        var stepsLeft = end - t;
        var fullKw = Math.Min(charge, remaining / (etaC * dt));
        var forcedKw = Math.Min(fullKw, Math.Max(0, remaining - (stepsLeft - 1) * charge * etaC * dt) / (etaC * dt));
        if (stepOfDay < PeakStart)
        {
            return (fullKw, forcedKw);
        }

        if (stepOfDay < PeakEnd)
        {
            if (forcedKw <= 0 && discharge > 0 && shaveShare > 0)
            {
                // Export only what leaves the battery above its floor and what the rest of the stay can put back.
                var outKwh = Math.Min(shaveShare * discharge * dt / etaD, energy - fleet.FloorEnergyKwh(i));
                var canRestore = (stepsLeft - 1) * charge * etaC * dt - remaining;
                outKwh = Math.Max(0, Math.Min(outKwh, canRestore));
                return (-outKwh * etaD / dt, 0);
            }

            return (forcedKw, forcedKw);
        }

        return (Math.Min(Math.Max(remaining / stepsLeft / (etaC * dt), forcedKw), fullKw), forcedKw);
    }
}
