using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Baselines;

/// <summary>
/// The uncontrolled baseline for one fleet: every vehicle charges at full power from arrival until its energy is
/// delivered; when the site limit binds, all charging vehicles are scaled down alike. The target plays no part.
/// </summary>
internal static class UncontrolledCharging
{
    /// <summary>The fleet's schedule over the horizon.</summary>
    public static FleetSchedule Schedule(Fleet fleet, int horizonSteps)
    {
        var walk = new FleetWalk(fleet, horizonSteps);
        var f = walk.Fleet;
        var powerKw = new double[f.Count];
        walk.Reset();
        for (var t = 0; t < horizonSteps; t++)
        {
            var total = 0.0;
            for (var i = 0; i < f.Count; i++)
            {
                var p = 0.0;
                if (f.Arrival[i] <= t && t < f.Departure[i])
                {
                    var missing = f.RequiredEnergyKwh(i) - walk.EnergyKwh[i];
                    p = missing > 0 ? Math.Min(f.MaxChargeKw[i], missing / (f.ChargeEfficiency[i] * FleetRequest.StepHours)) : 0;
                }

                powerKw[i] = p;
                total += p;
            }

            var scale = total > f.SiteLimitKw ? f.SiteLimitKw / total : 1;
            var step = walk.Step(t);
            for (var i = 0; i < f.Count; i++)
            {
                walk.Apply(i, powerKw[i] * scale, step);
            }
        }

        walk.Publish();
        return walk.Schedule;
    }
}
