namespace Consortium.Node.Dispatch;

/// <summary>
/// How much charging past the vehicles' needs a plan calls for: used by one fleet on its own and by the coordinator's
/// clearing on the operators' summed offers, so that energy is not parked in vehicles that do not need it while others
/// still do.
/// </summary>
internal static class PlanAdjustment
{
    private const double RoundTrip = 0.93 * 0.93;

    /// <summary>
    /// At step <paramref name="t"/>: what the plan from here on holds beyond every remaining need (and the losses of the
    /// exports it plans), per step, in kW. Charging past need beyond that only takes energy other vehicles will need.
    /// </summary>
    /// <param name="t">The step being realized.</param>
    /// <param name="planKw">The plan, one value per step.</param>
    /// <param name="needByDepartureKwh">Grid energy needed before each departure step by vehicles plugged in or still to come.</param>
    public static double SurplusAllowanceKw(int t, ReadOnlySpan<double> planKw, ReadOnlySpan<double> needByDepartureKwh)
    {
        const double dt = FleetRequest.StepHours;
        var steps = planKw.Length;
        var must = 0.0;
        var planAll = 0.0;
        var exportAll = 0.0;
        for (var d = t + 1; d <= steps; d++)
        {
            must += needByDepartureKwh[d];
            var p = planKw[d - 1];
            planAll += p * dt;
            exportAll -= Math.Min(p, 0) * dt;
        }

        // Energy parked now for an export later is not wasted: allow charging past need up to what the plan exports later
        // (grossed up for both losses), on top of whatever the plan holds beyond the needs and the exports' losses.
        var beyondNeeds = Math.Max(0, planAll - must - exportAll * (1 / RoundTrip - 1));
        return Math.Max(beyondNeeds, exportAll / RoundTrip) / dt;
    }
}
