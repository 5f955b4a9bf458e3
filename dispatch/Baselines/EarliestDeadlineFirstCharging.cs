using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Baselines;

/// <summary>
/// The earliest-deadline-first baseline for one fleet: follows a signal as closely as the constraints allow, giving
/// extra charging to the vehicles that leave first and asking discharge of those that leave last. It walks the same
/// feasible intervals as the clearing (<see cref="FleetWalk"/>), so it keeps every hard constraint.
/// </summary>
internal static class EarliestDeadlineFirstCharging
{
    /// <summary>The fleet's schedule following <paramref name="signalKw"/> over the horizon.</summary>
    public static FleetSchedule Schedule(Fleet fleet, int horizonSteps, ReadOnlySpan<double> signalKw)
    {
        var walk = new FleetWalk(fleet, horizonSteps);
        var byDeparture = SortedByDeparture(walk.Fleet);
        walk.Reset();
        for (var t = 0; t < horizonSteps; t++)
        {
            walk.Bounds(t, out var sumLow, out var sumBase, out var sumHigh);
            var u = walk.ClampToSite(signalKw[t], sumLow, sumHigh);
            Split(walk, t, u, sumLow, sumBase, byDeparture);
        }

        walk.Publish();
        return walk.Schedule;
    }

    private static void Split(FleetWalk walk, int t, double u, double sumLow, double sumBase, int[] byDeparture)
    {
        var step = walk.Step(t);
        if (u < sumLow)
        {
            walk.SplitBelowForced(step, u, sumLow, sumBase);
            return;
        }

        if (u >= sumBase)
        {
            // Charging above the forced level, to the vehicles that leave first.
            var extra = u - sumBase;
            foreach (var i in byDeparture)
            {
                var floor = Math.Max(walk.LowKw[i], 0);
                var add = Math.Min(extra, walk.HighKw[i] - floor);
                extra -= add;
                walk.Apply(i, floor + add, step);
            }
        }
        else
        {
            // Export, from the vehicles that leave last.
            var shed = sumBase - u;
            for (var k = byDeparture.Length - 1; k >= 0; k--)
            {
                var i = byDeparture[k];
                var low = walk.LowKw[i];
                var p = low;
                if (low < 0)
                {
                    var take = Math.Min(shed, -low);
                    shed -= take;
                    p = -take;
                }

                walk.Apply(i, p, step);
            }
        }
    }

    private static int[] SortedByDeparture(Fleet fleet)
    {
        var order = new int[fleet.Count];
        var keys = new int[fleet.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = fleet.Departure[i];
        }

        Array.Sort(keys, order);
        return order;
    }
}
