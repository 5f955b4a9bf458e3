using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch;

/// <summary>Evaluates the dispatch objective of <see cref="DispatchCosts"/> on schedules, whoever produced them.</summary>
public static class DispatchObjective
{
    /// <summary>
    /// Computes J for the schedules. Battery energy is replayed vehicle by vehicle from its arrival energy over the steps
    /// it is plugged in: a setpoint p ≥ 0 adds p · ηc · Δt, a setpoint p &lt; 0 removes |p| / ηd · Δt. The shortfall of a
    /// vehicle is what its replayed energy at departure lacks of <see cref="Fleet.RequiredEnergyKwh"/>. A setpoint outside
    /// the stay (a hard-constraint violation that <see cref="DispatchResult"/> reports) still counts in the aggregate and,
    /// when negative, in the wear, but moves no battery.
    /// </summary>
    /// <param name="request">The request served: target and fleets.</param>
    /// <param name="schedules">One schedule per fleet, in the order of <see cref="FleetRequest.Fleets"/>.</param>
    /// <param name="costs">The prices.</param>
    /// <exception cref="ArgumentException">The schedules do not match the request's fleets and horizon, or a price is invalid.</exception>
    public static DispatchObjectiveValue Evaluate(FleetRequest request, IReadOnlyList<FleetSchedule> schedules, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        if (schedules.Count != request.Fleets.Count)
        {
            throw new ArgumentException($"Expected {request.Fleets.Count} schedules, one per fleet, but got {schedules.Count}.", nameof(schedules));
        }

        const double dt = FleetRequest.StepHours;
        var steps = request.HorizonSteps;
        var aggregate = new double[steps];
        var dischargedKwh = 0.0;
        var shortfallKwh = 0.0;
        for (var f = 0; f < schedules.Count; f++)
        {
            var schedule = schedules[f] ?? throw new ArgumentException($"Schedule {f} is null.", nameof(schedules));
            var fleet = request.Fleets[f];
            if (!ReferenceEquals(schedule.Fleet, fleet) || schedule.HorizonSteps != steps)
            {
                throw new ArgumentException($"Schedule {f} is not for fleet {f} over {steps} steps.", nameof(schedules));
            }

            for (var t = 0; t < steps; t++)
            {
                var total = 0.0;
                foreach (double p in schedule.Step(t))
                {
                    total += p;
                    if (p < 0)
                    {
                        dischargedKwh -= p * dt;
                    }
                }

                aggregate[t] += total;
            }

            for (var i = 0; i < fleet.Count; i++)
            {
                var energy = fleet.ArrivalEnergyKwh(i);
                for (var t = fleet.Arrival[i]; t < fleet.Departure[i]; t++)
                {
                    double p = schedule.PowerKw(t, i);
                    energy += p >= 0 ? p * fleet.ChargeEfficiency[i] * dt : p / fleet.DischargeEfficiency[i] * dt;
                }

                shortfallKwh += Math.Max(0, fleet.RequiredEnergyKwh(i) - energy);
            }
        }

        var deviationKwh = 0.0;
        for (var t = 0; t < steps; t++)
        {
            deviationKwh += Math.Abs(aggregate[t] - request.TargetKw[t]) * dt;
        }

        var deviationCost = costs.DeviationPenaltyPerKwh * deviationKwh;
        var wearCost = costs.WearCostPerKwh * dischargedKwh;
        var shortfallCost = costs.ShortfallPenaltyPerKwh * shortfallKwh;
        return new DispatchObjectiveValue(
            deviationCost + wearCost + shortfallCost, deviationCost, wearCost, shortfallCost, deviationKwh, dischargedKwh, shortfallKwh);
    }
}
