using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

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
        var dischargedByChemistry = new double[Enum.GetValues<BatteryChemistry>().Length];
        var shortfallKwh = 0.0;
        for (var f = 0; f < schedules.Count; f++)
        {
            var schedule = schedules[f] ?? throw new ArgumentException($"Schedule {f} is null.", nameof(schedules));
            var fleet = request.Fleets[f];
            if (!ReferenceEquals(schedule.Fleet, fleet) || schedule.HorizonSteps != steps)
            {
                throw new ArgumentException($"Schedule {f} is not for fleet {f} over {steps} steps.", nameof(schedules));
            }

            var chemistry = fleet.Chemistry;
            for (var t = 0; t < steps; t++)
            {
                var total = 0.0;
                var step = schedule.Step(t);
                for (var i = 0; i < step.Length; i++)
                {
                    double p = step[i];
                    total += p;
                    if (p < 0)
                    {
                        dischargedKwh -= p * dt;
                        dischargedByChemistry[(int)chemistry[i]] -= p * dt;
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

        // Without a book every kWh is priced alike, exactly as before prices were per chemistry.
        var wearCost = costs.WearPrices is null ? costs.WearCostPerKwh * dischargedKwh : 0.0;
        if (costs.WearPrices is { } book)
        {
            for (var c = 0; c < dischargedByChemistry.Length; c++)
            {
                wearCost += book.PriceOf((BatteryChemistry)c) * dischargedByChemistry[c];
            }
        }

        var deviationCost = costs.DeviationPenaltyPerKwh * deviationKwh;
        var shortfallCost = costs.ShortfallPenaltyPerKwh * shortfallKwh;
        return new DispatchObjectiveValue(
            deviationCost + wearCost + shortfallCost, deviationCost, wearCost, shortfallCost, deviationKwh, dischargedKwh, shortfallKwh);
    }

    /// <summary>
    /// The energy each chemistry's packs discharge in the schedules and what it costs at <paramref name="costs"/>, per
    /// chemistry (in the order of <see cref="BatteryChemistry"/>): the wear of <see cref="Evaluate"/>, broken down.
    /// </summary>
    /// <exception cref="ArgumentException">The schedules do not match the fleets.</exception>
    public static IReadOnlyList<ChemistryWearCost> WearByChemistry(IReadOnlyList<Fleet> fleets, IReadOnlyList<FleetSchedule> schedules, DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(fleets);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(costs);
        if (schedules.Count != fleets.Count)
        {
            throw new ArgumentException($"Expected {fleets.Count} schedules, one per fleet, but got {schedules.Count}.", nameof(schedules));
        }

        var chemistries = Enum.GetValues<BatteryChemistry>();
        var kwh = new double[chemistries.Length];
        var vehicles = new int[chemistries.Length];
        for (var f = 0; f < fleets.Count; f++)
        {
            var fleet = fleets[f];
            var schedule = schedules[f];
            if (!ReferenceEquals(schedule.Fleet, fleet))
            {
                throw new ArgumentException($"Schedule {f} is not for fleet {f}.", nameof(schedules));
            }

            foreach (var chemistry in fleet.Chemistry)
            {
                vehicles[(int)chemistry]++;
            }

            for (var t = 0; t < schedule.HorizonSteps; t++)
            {
                var step = schedule.Step(t);
                for (var i = 0; i < step.Length; i++)
                {
                    if (step[i] < 0)
                    {
                        kwh[(int)fleet.Chemistry[i]] -= step[i] * FleetRequest.StepHours;
                    }
                }
            }
        }

        return chemistries.Select(c => new ChemistryWearCost(c, vehicles[(int)c], kwh[(int)c], kwh[(int)c] * costs.WearPriceOf(c))).ToArray();
    }
}
