using Consortium.Dispatch.Fleets;

namespace Consortium.Node.GridParty;

/// <summary>
/// How the demo's grid party shapes its request from what the operators share in aggregate: the fleets' uncontrolled
/// charging profile with the evening peak shaved, by deferring a share of the charging and exporting a share of the V2G
/// discharge capacity, and the energy moved to the night after the peak by filling the valley.
/// </summary>
/// <param name="PeakStartStep">First step of the evening peak (68 = 17:00 on a 15-minute day).</param>
/// <param name="PeakEndStep">First step after the peak (84 = 21:00); the night runs from here to the end of the horizon.</param>
/// <param name="DeferShare">Share of the uncontrolled charging in the peak asked to move to the night.</param>
/// <param name="ExportShare">Share of the plugged-in V2G discharge capacity asked to be given back in the peak.</param>
/// <param name="RoundTripEfficiency">Efficiency assumed for energy given back and recharged (the coordinator does not know the vehicles').</param>
public sealed record PeakShavingPolicy(
    int PeakStartStep = 68,
    int PeakEndStep = 84,
    double DeferShare = 0.5,
    double ExportShare = 0.1,
    double RoundTripEfficiency = 0.86)
{
    /// <summary>The defaults: 17:00–21:00, half the charging deferred, a tenth of the V2G capacity exported, 86 % round trip.</summary>
    public static PeakShavingPolicy Default { get; } = new();

    /// <summary>Builds the target from the summed uncontrolled profile and the summed discharge capacity, kW per step.</summary>
    /// <exception cref="ArgumentException">The profiles differ in length, the peak does not fit in them, or a share is out of range.</exception>
    public double[] Build(IReadOnlyList<double> uncontrolledKw, IReadOnlyList<double> dischargeCapacityKw)
    {
        ArgumentNullException.ThrowIfNull(uncontrolledKw);
        ArgumentNullException.ThrowIfNull(dischargeCapacityKw);
        var steps = uncontrolledKw.Count;
        if (dischargeCapacityKw.Count != steps)
        {
            throw new ArgumentException($"The uncontrolled profile has {steps} steps, the discharge capacity {dischargeCapacityKw.Count}.", nameof(dischargeCapacityKw));
        }

        if (PeakStartStep < 0 || PeakEndStep <= PeakStartStep || PeakEndStep >= steps)
        {
            throw new ArgumentException($"The peak [{PeakStartStep}, {PeakEndStep}) must lie within the horizon of {steps} steps and leave a night after it.");
        }

        if (!(DeferShare is >= 0 and <= 1) || !(ExportShare is >= 0 and <= 1) || !(RoundTripEfficiency is > 0 and <= 1))
        {
            throw new ArgumentException($"Shares must lie in [0, 1] and the efficiency in (0, 1]: defer {DeferShare}, export {ExportShare}, round trip {RoundTripEfficiency}.");
        }

        const double dt = FleetRequest.StepHours;
        var target = new double[steps];
        var movedKwh = 0.0;
        for (var t = 0; t < steps; t++)
        {
            target[t] = uncontrolledKw[t];
            if (t >= PeakStartStep && t < PeakEndStep)
            {
                var deferred = DeferShare * uncontrolledKw[t];
                var exported = ExportShare * dischargeCapacityKw[t];
                target[t] -= deferred + exported;
                movedKwh += (deferred + (exported / RoundTripEfficiency)) * dt;
            }
        }

        FillValley(target, PeakEndStep, steps, movedKwh / dt);
        return target;
    }

    /// <summary>Raises the lowest steps of [<paramref name="from"/>, <paramref name="to"/>) to a common level until <paramref name="addedKwSteps"/> (kW·steps) is added.</summary>
    private static void FillValley(double[] target, int from, int to, double addedKwSteps)
    {
        if (addedKwSteps <= 0)
        {
            return;
        }

        var low = double.PositiveInfinity;
        for (var t = from; t < to; t++)
        {
            low = Math.Min(low, target[t]);
        }

        var high = low + addedKwSteps;
        for (var i = 0; i < 100; i++)
        {
            var level = (low + high) / 2;
            if (Added(target, from, to, level) < addedKwSteps)
            {
                low = level;
            }
            else
            {
                high = level;
            }
        }

        for (var t = from; t < to; t++)
        {
            target[t] = Math.Max(target[t], high);
        }
    }

    private static double Added(double[] target, int from, int to, double level)
    {
        var added = 0.0;
        for (var t = from; t < to; t++)
        {
            added += Math.Max(0, level - target[t]);
        }

        return added;
    }
}
