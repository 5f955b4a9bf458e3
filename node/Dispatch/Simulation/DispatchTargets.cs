namespace Consortium.Node.Dispatch.Simulation;

/// <summary>The default flexibility request of a simulation: a shaved evening peak and a filled night valley.</summary>
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
        Parallel.For(0, fleets.Count, f =>
        {
            var fleet = fleets[f];
            var profile = new double[horizonSteps];
            for (var i = 0; i < fleet.Count; i++)
            {
                Vehicle(fleet, i, horizonSteps, shaveShare, profile);
            }

            // The site limit caps the fleet as a whole; scale charging and discharging down where it binds (scaling a
            // feasible schedule's step towards zero keeps it feasible only for discharge, so charging is capped instead
            // by the rule never exceeding what it needs: a binding site limit is reported rather than hidden).
            perFleet[f] = profile;
        });

        foreach (var profile in perFleet)
        {
            for (var t = 0; t < horizonSteps; t++)
            {
                target[t] += profile[t];
            }
        }

        return target;
    }

    private static void Vehicle(Fleet fleet, int i, int horizonSteps, double shaveShare, double[] profile)
    {
        const double dt = FleetRequest.StepHours;
        var energy = fleet.ArrivalEnergyKwh(i);
        var required = fleet.RequiredEnergyKwh(i);
        var floor = fleet.FloorEnergyKwh(i);
        var etaC = fleet.ChargeEfficiency[i];
        var etaD = fleet.DischargeEfficiency[i];
        var charge = fleet.MaxChargeKw[i];
        var discharge = fleet.MaxDischargeKw[i];
        var end = Math.Min(fleet.Departure[i], horizonSteps);
        for (var t = fleet.Arrival[i]; t < end; t++)
        {
            var stepOfDay = t % FleetGenerator.DaySteps;
            var remaining = Math.Max(0, required - energy);
            var stepsLeft = end - t;
            var forcedKw = Math.Max(0, remaining - (stepsLeft - 1) * charge * etaC * dt) / (etaC * dt);
            var fullKw = Math.Min(charge, remaining / (etaC * dt));
            double p;
            if (stepOfDay < PeakStart)
            {
                p = fullKw;
            }
            else if (stepOfDay < PeakEnd)
            {
                p = Math.Min(forcedKw, fullKw);
                if (p <= 0 && discharge > 0 && shaveShare > 0)
                {
                    // Export only what leaves the battery above its floor and what the rest of the stay can put back.
                    var outKwh = Math.Min(shaveShare * discharge * dt / etaD, energy - floor);
                    var canRestore = (stepsLeft - 1) * charge * etaC * dt - remaining;
                    outKwh = Math.Max(0, Math.Min(outKwh, canRestore));
                    p = -outKwh * etaD / dt;
                }
            }
            else
            {
                p = Math.Min(Math.Max(remaining / stepsLeft / (etaC * dt), forcedKw), fullKw);
            }

            energy += p >= 0 ? p * etaC * dt : p / etaD * dt;
            profile[t] += p;
        }
    }
}
