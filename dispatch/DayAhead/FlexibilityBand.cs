namespace Consortium.Dispatch.DayAhead;

/// <summary>
/// One quantile of a fleet's flexibility over a day, step by step: each series is that quantile, per step, over the
/// days the forecast drew (so the band at 0.1 gives, at every step, a value the fleet reached or exceeded on 90 % of
/// them). Aggregates only: no vehicle can be told apart.
/// </summary>
/// <param name="Quantile">The quantile, in (0, 1).</param>
/// <param name="PluggedIn">Vehicles plugged in at each step.</param>
/// <param name="UncontrolledKw">The fleet's power if every vehicle charged at full power from arrival, kW.</param>
/// <param name="MaxChargeKw">The most the fleet can draw at each step (plugged-in vehicles' charge limits, within the site limit), kW.</param>
/// <param name="MaxDischargeKw">The most the fleet can give back at each step (plugged-in V2G vehicles' discharge limits, within the site limit), kW, ≥ 0.</param>
/// <param name="MinEnergyKwh">The least grid energy the fleet must have taken by the end of each step to meet its drivers' needs, kWh (negative where V2G vehicles may first give back).</param>
/// <param name="MaxEnergyKwh">The most grid energy the fleet can usefully have taken by the end of each step, kWh.</param>
public sealed record FlexibilityBand(
    double Quantile,
    double[] PluggedIn,
    double[] UncontrolledKw,
    double[] MaxChargeKw,
    double[] MaxDischargeKw,
    double[] MinEnergyKwh,
    double[] MaxEnergyKwh)
{
    /// <summary>Steps in the day.</summary>
    public int Steps => PluggedIn.Length;

    /// <summary>
    /// The least grid energy the fleet must take within each interval of steps, kWh, stored as <see cref="IntervalEnergy"/>
    /// lays them out; null where the offer gives only the bounds from the day's start.
    /// </summary>
    public double[]? IntervalMinEnergyKwh { get; init; }

    /// <summary>The most grid energy the fleet can usefully take within each interval of steps, kWh (as <see cref="IntervalMinEnergyKwh"/>).</summary>
    public double[]? IntervalMaxEnergyKwh { get; init; }

    /// <summary>Whether the band bounds the energy within every interval of steps.</summary>
    public bool HasIntervals => IntervalMinEnergyKwh is not null;

    /// <summary>The series in a fixed order (plugged in, uncontrolled, charge, discharge, least energy, most energy).</summary>
    public IReadOnlyList<double[]> Series => [PluggedIn, UncontrolledKw, MaxChargeKw, MaxDischargeKw, MinEnergyKwh, MaxEnergyKwh];

    /// <summary>Checks the band: a quantile in (0, 1), every series one value per step, finite, counts and powers ≥ 0.</summary>
    /// <exception cref="ArgumentException">Naming the first series or value that is wrong.</exception>
    public void Validate(int steps)
    {
        if (!(Quantile is > 0 and < 1))
        {
            throw new ArgumentException($"A flexibility quantile must lie in (0, 1), not {Quantile}.");
        }

        string[] names = ["pluggedIn", "uncontrolledKw", "maxChargeKw", "maxDischargeKw", "minEnergyKwh", "maxEnergyKwh"];
        var series = Series;
        for (var s = 0; s < series.Count; s++)
        {
            if (series[s] is null || series[s].Length != steps)
            {
                throw new ArgumentException($"The {Quantile:0.##} band's {names[s]} has {series[s]?.Length ?? 0} values for {steps} steps.");
            }

            for (var t = 0; t < steps; t++)
            {
                // Energies may be negative: V2G vehicles may give back before they recharge.
                var energy = s >= 4;
                if (!double.IsFinite(series[s][t]) || (!energy && series[s][t] < 0))
                {
                    throw new ArgumentException($"The {Quantile:0.##} band's {names[s]} at step {t} is {series[s][t]}: it must be finite{(energy ? string.Empty : " and ≥ 0")}.");
                }
            }
        }

        if (IntervalMinEnergyKwh is null && IntervalMaxEnergyKwh is null)
        {
            return;
        }

        var intervals = IntervalEnergy.Count(steps);
        foreach (var (name, values) in new[] { ("intervalMinEnergyKwh", IntervalMinEnergyKwh), ("intervalMaxEnergyKwh", IntervalMaxEnergyKwh) })
        {
            if (values is null || values.Length != intervals)
            {
                throw new ArgumentException($"The {Quantile:0.##} band's {name} has {values?.Length ?? 0} values for the {intervals} intervals of {steps} steps.");
            }

            var bad = Array.FindIndex(values, v => !double.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"The {Quantile:0.##} band's {name} at interval {bad} is {values[bad]}: it must be finite.");
            }
        }
    }
}
