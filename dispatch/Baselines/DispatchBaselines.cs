using System.Diagnostics;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Baselines;

/// <summary>
/// The baselines a coordinated dispatch is judged against, request by request: uncontrolled charging
/// (<see cref="UncontrolledCharging"/>) and earliest deadline first (<see cref="EarliestDeadlineFirstCharging"/>), each operator on
/// its own. Both keep every hard constraint; neither coordinates.
/// </summary>
public static class DispatchBaselines
{
    /// <summary>Every vehicle charges at full power from arrival until its energy is delivered; the target is ignored.</summary>
    public static DispatchResult Uncontrolled(FleetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var schedules = new FleetSchedule[request.Fleets.Count];
        for (var i = 0; i < schedules.Length; i++)
        {
            schedules[i] = UncontrolledCharging.Schedule(request.Fleets[i], request.HorizonSteps);
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
        for (var i = 0; i < schedules.Length; i++)
        {
            var part = total > 0 ? capacities[i] / total : 1.0 / schedules.Length;
            for (var t = 0; t < signal.Length; t++)
            {
                signal[t] = part * request.TargetKw[t];
            }

            schedules[i] = EarliestDeadlineFirstCharging.Schedule(request.Fleets[i], request.HorizonSteps, signal);
        }

        return DispatchResult.Measure(request, schedules, 1, true, watch.Elapsed.TotalSeconds);
    }
}
