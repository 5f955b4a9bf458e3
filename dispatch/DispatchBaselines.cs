using System.Diagnostics;

namespace Consortium.Dispatch;

/// <summary>Reference dispatches to judge the coordinated one against.</summary>
public static class DispatchBaselines
{
    /// <summary>Every vehicle charges at full power from arrival until its energy is delivered; the target is ignored.</summary>
    public static DispatchResult Uncontrolled(FleetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var schedules = new FleetSchedule[request.Fleets.Count];
        var aggregate = new double[request.HorizonSteps];
        for (var i = 0; i < schedules.Length; i++)
        {
            var subproblem = new FleetSubproblem(request.Fleets[i], request.HorizonSteps);
            subproblem.ChargeUncontrolled(aggregate);
            schedules[i] = subproblem.Schedule;
        }

        return DispatchResult.Measure(request, schedules, 1, true, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Each operator follows a share of the target in proportion to its summed charger limits, favouring the
    /// vehicles that leave first when charging and those that leave last when discharging; no coordination.
    /// </summary>
    public static DispatchResult EarliestDeadlineFirst(FleetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var capacities = new double[request.Fleets.Count];
        var total = 0.0;
        for (var i = 0; i < capacities.Length; i++)
        {
            var fleet = request.Fleets[i];
            for (var v = 0; v < fleet.Count; v++)
            {
                capacities[i] += fleet.MaxChargeKw[v];
            }

            total += capacities[i];
        }

        var schedules = new FleetSchedule[request.Fleets.Count];
        var signal = new double[request.HorizonSteps];
        var aggregate = new double[request.HorizonSteps];
        for (var i = 0; i < schedules.Length; i++)
        {
            var part = total > 0 ? capacities[i] / total : 1.0 / schedules.Length;
            for (var t = 0; t < signal.Length; t++)
            {
                signal[t] = part * request.TargetKw[t];
            }

            var subproblem = new FleetSubproblem(request.Fleets[i], request.HorizonSteps);
            subproblem.FollowEarliestDeadlineFirst(signal, aggregate);
            schedules[i] = subproblem.Schedule;
        }

        return DispatchResult.Measure(request, schedules, 1, true, watch.Elapsed.TotalSeconds);
    }
}
