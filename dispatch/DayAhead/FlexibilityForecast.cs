using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.DayAhead;

/// <summary>
/// A fleet's day-ahead flexibility offer: for each of a few quantiles, per step, how many vehicles it expects plugged in,
/// the power it can draw and give back, and the least and most grid energy it must and can have taken by then, over
/// days drawn from the operator's own history. An operator sends it in aggregate; the consortium's offer is the sum of
/// its operators' (<see cref="Sum"/>) and a grid party's request is checked against it before the event opens
/// (<see cref="Check"/>).
/// </summary>
/// <remarks>
/// The consortium sums its operators' quantiles step by step. For operators whose days vary independently that sum is
/// further from the median than the quantile of the consortium's total would be, so the offer's outer bands are
/// cautious: a request within the 10 % band of power is within what the total reaches on more than 90 % of days.
/// </remarks>
public sealed record FlexibilityForecast(int Days, IReadOnlyList<FlexibilityBand> Bands)
{
    /// <summary>The quantiles an operator offers unless told otherwise: 10 %, median, 90 %.</summary>
    public static IReadOnlyList<double> DefaultQuantiles { get; } = [0.1, 0.5, 0.9];

    /// <summary>Steps in the day.</summary>
    public int Steps => Bands.Count == 0 ? 0 : Bands[0].Steps;

    /// <summary>The band at <paramref name="quantile"/>.</summary>
    /// <exception cref="ArgumentException">The offer has no such band.</exception>
    public FlexibilityBand Band(double quantile) =>
        Bands.FirstOrDefault(b => Math.Abs(b.Quantile - quantile) < 1e-9)
        ?? throw new ArgumentException($"The offer has no {quantile:0.##} band (it has {string.Join(", ", Bands.Select(b => b.Quantile.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)))}).");

    /// <summary>The median band (the one nearest 0.5).</summary>
    public FlexibilityBand Median => Bands.OrderBy(b => Math.Abs(b.Quantile - 0.5)).First();

    /// <summary>
    /// The offer of a fleet that looks like <paramref name="days"/> (each a day drawn from the operator's history): at each
    /// step, each quantile of <paramref name="quantiles"/> of each series over the days (linear between order statistics).
    /// </summary>
    /// <exception cref="ArgumentException">No days, or a quantile outside (0, 1).</exception>
    public static FlexibilityForecast Of(IReadOnlyList<Fleet> days, int steps, IReadOnlyList<double>? quantiles = null)
    {
        ArgumentNullException.ThrowIfNull(days);
        quantiles ??= DefaultQuantiles;
        if (days.Count == 0)
        {
            throw new ArgumentException("A flexibility forecast needs at least one day.", nameof(days));
        }

        if (quantiles.Count == 0 || quantiles.Any(q => !(q is > 0 and < 1)) || quantiles.Distinct().Count() != quantiles.Count)
        {
            throw new ArgumentException($"Quantiles must be distinct and lie in (0, 1): {string.Join(", ", quantiles)}.", nameof(quantiles));
        }

        // samples[series][step][day]
        var samples = new double[6][][];
        for (var s = 0; s < samples.Length; s++)
        {
            samples[s] = new double[steps][];
            for (var t = 0; t < steps; t++)
            {
                samples[s][t] = new double[days.Count];
            }
        }

        for (var d = 0; d < days.Count; d++)
        {
            var fleet = days[d];
            var envelope = new FleetEnvelope(fleet, steps);
            var uncontrolled = DispatchBaselines.Uncontrolled(new FleetRequest(steps, new double[steps], [fleet])).AggregateKw;
            var plugged = new double[steps];
            for (var i = 0; i < fleet.Count; i++)
            {
                for (var t = fleet.Arrival[i]; t < Math.Min(fleet.Departure[i], steps); t++)
                {
                    plugged[t]++;
                }
            }

            for (var t = 0; t < steps; t++)
            {
                samples[0][t][d] = plugged[t];
                samples[1][t][d] = uncontrolled[t];
                samples[2][t][d] = envelope.HighKw[t];
                samples[3][t][d] = -envelope.LowKw[t];
                samples[4][t][d] = envelope.MinKwh[t];
                samples[5][t][d] = envelope.MaxKwh[t];
            }
        }

        // intervals[bound][interval][day]: the least and most energy within every interval of steps.
        var intervals = new double[2][][];
        for (var bound = 0; bound < 2; bound++)
        {
            intervals[bound] = new double[IntervalEnergy.Count(steps)][];
            for (var k = 0; k < intervals[bound].Length; k++)
            {
                intervals[bound][k] = new double[days.Count];
            }
        }

        for (var d = 0; d < days.Count; d++)
        {
            var (least, most) = IntervalEnergy.Of(days[d], steps);
            for (var k = 0; k < least.Length; k++)
            {
                intervals[0][k][d] = least[k];
                intervals[1][k][d] = most[k];
            }
        }

        foreach (var series in samples.Concat(intervals))
        {
            foreach (var step in series)
            {
                Array.Sort(step);
            }
        }

        var bands = quantiles.Order().Select(q =>
        {
            var values = samples.Select(series => series.Select(step => Quantile(step, q)).ToArray()).ToArray();
            return new FlexibilityBand(q, values[0], values[1], values[2], values[3], values[4], values[5])
            {
                IntervalMinEnergyKwh = [.. intervals[0].Select(k => Quantile(k, q))],
                IntervalMaxEnergyKwh = [.. intervals[1].Select(k => Quantile(k, q))],
            };
        });
        return new FlexibilityForecast(days.Count, [.. bands]);
    }

    /// <summary>The consortium's offer: its operators' bands summed quantile by quantile, step by step.</summary>
    /// <exception cref="ArgumentException">No offers, or offers with other quantiles or horizons.</exception>
    public static FlexibilityForecast Sum(IReadOnlyList<FlexibilityForecast> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        if (offers.Count == 0)
        {
            throw new ArgumentException("There is no offer to sum.", nameof(offers));
        }

        var first = offers[0];
        foreach (var offer in offers)
        {
            if (offer.Steps != first.Steps || !offer.Bands.Select(b => b.Quantile).SequenceEqual(first.Bands.Select(b => b.Quantile)))
            {
                throw new ArgumentException(
                    $"Offers differ: {first.Steps} steps at quantiles {string.Join("/", first.Bands.Select(b => b.Quantile))} against {offer.Steps} at {string.Join("/", offer.Bands.Select(b => b.Quantile))}.",
                    nameof(offers));
            }
        }

        var bands = first.Bands.Select((band, b) =>
        {
            var sums = band.Series.Select(_ => new double[first.Steps]).ToArray();
            foreach (var offer in offers)
            {
                var series = offer.Bands[b].Series;
                for (var s = 0; s < sums.Length; s++)
                {
                    for (var t = 0; t < first.Steps; t++)
                    {
                        sums[s][t] += series[s][t];
                    }
                }
            }

            // The interval bounds are summed only where every operator offers them: a sum missing one would not bound the consortium.
            var withIntervals = offers.All(o => o.Bands[b].HasIntervals);
            return new FlexibilityBand(band.Quantile, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5])
            {
                IntervalMinEnergyKwh = withIntervals ? SumOf(offers.Select(o => o.Bands[b].IntervalMinEnergyKwh!)) : null,
                IntervalMaxEnergyKwh = withIntervals ? SumOf(offers.Select(o => o.Bands[b].IntervalMaxEnergyKwh!)) : null,
            };
        });
        return new FlexibilityForecast(offers.Min(o => o.Days), [.. bands]);

        static double[] SumOf(IEnumerable<double[]> series)
        {
            double[]? sum = null;
            foreach (var values in series)
            {
                sum ??= new double[values.Length];
                for (var k = 0; k < values.Length; k++)
                {
                    sum[k] += values[k];
                }
            }

            return sum!;
        }
    }

    /// <summary>
    /// Checks <paramref name="targetKw"/> against the offer at <paramref name="confidence"/>. Power is firm capacity: at each
    /// step the target must lie between the discharge and charge bounds of the (1 − confidence) band, what the fleets
    /// could draw and give back on that share of days at least. Energy is the drivers' need, which no request changes:
    /// the energy the target has taken by the end of each step must lie between the (1 − confidence) band's least
    /// energy and the confidence band's most, outside which the request misjudges the fleets' energy on that share of
    /// days. (Both energy bounds at the cautious side would leave no room at all for fleets of a few hundred vehicles,
    /// and a request shaped from the fleets' own day would fail them about half the time.)
    /// </summary>
    /// <exception cref="ArgumentException">The target's length is not the offer's, or the offer lacks the bands.</exception>
    public OfferCheck Check(IReadOnlyList<double> targetKw, double confidence = 0.9)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        if (!(confidence is >= 0.5 and < 1))
        {
            throw new ArgumentException($"A check's confidence must lie in [0.5, 1), not {confidence}.", nameof(confidence));
        }

        if (targetKw.Count != Steps)
        {
            throw new ArgumentException($"The target has {targetKw.Count} steps, the offer {Steps}.", nameof(targetKw));
        }

        // A request's target is in whole watts: a watt per step of rounding is not leaving the offer.
        const double slackKw = 1e-3;
        var slackKwh = slackKw * FleetRequest.StepHours * Steps;
        var cautious = Band(Math.Round(1 - confidence, 9));
        var generous = Band(confidence);
        if ((cautious.IntervalMinEnergyKwh?.Length ?? IntervalEnergy.Count(Steps)) != IntervalEnergy.Count(Steps)
            || (generous.IntervalMaxEnergyKwh?.Length ?? IntervalEnergy.Count(Steps)) != IntervalEnergy.Count(Steps))
        {
            throw new ArgumentException($"The offer's interval bounds do not hold one value for each of the {IntervalEnergy.Count(Steps)} intervals of {Steps} steps.");
        }

        var shortfalls = new List<OfferShortfall>();
        double powerMargin = double.PositiveInfinity, energyMargin = double.PositiveInfinity, energy = 0;
        for (var t = 0; t < Steps; t++)
        {
            var asked = targetKw[t];
            energy += asked * FleetRequest.StepHours;
            var high = cautious.MaxChargeKw[t];
            var low = -cautious.MaxDischargeKw[t];
            var most = generous.MaxEnergyKwh[t];
            var least = cautious.MinEnergyKwh[t];
            powerMargin = Math.Min(powerMargin, Math.Min(high - asked, asked - low));
            energyMargin = Math.Min(energyMargin, Math.Min(most - energy, energy - least));
            if (asked > high + slackKw)
            {
                shortfalls.Add(new OfferShortfall(t, OfferBound.ChargePower, asked, high));
            }
            else if (asked < low - slackKw)
            {
                shortfalls.Add(new OfferShortfall(t, OfferBound.DischargePower, asked, low));
            }

            if (energy > most + slackKwh)
            {
                shortfalls.Add(new OfferShortfall(t, OfferBound.MostEnergy, energy, most));
            }
            else if (energy < least - slackKwh)
            {
                shortfalls.Add(new OfferShortfall(t, OfferBound.LeastEnergy, energy, least));
            }
        }

        if (cautious.IntervalMinEnergyKwh is { } leastWithin && generous.IntervalMaxEnergyKwh is { } mostWithin)
        {
            energyMargin = Math.Min(energyMargin, CheckIntervals(targetKw, leastWithin, mostWithin, shortfalls));
            shortfalls.Sort((x, y) => x.Step.CompareTo(y.Step));
        }

        return new OfferCheck(confidence, powerMargin, energyMargin, shortfalls);
    }

    /// <summary>
    /// The energy the target takes within every interval of steps against the bounds within it: adds, for each last step
    /// of an interval, the interval ending there that leaves a bound by most (the shortest of those that leave it by as
    /// much), and returns the smallest margin.
    /// </summary>
    private static double CheckIntervals(IReadOnlyList<double> targetKw, double[] leastWithin, double[] mostWithin, List<OfferShortfall> shortfalls)
    {
        const double dt = FleetRequest.StepHours;
        const double slackKwh = 1e-3 * dt;
        var steps = targetKw.Count;
        var taken = new double[steps + 1];
        for (var t = 0; t < steps; t++)
        {
            taken[t + 1] = taken[t] + (targetKw[t] * dt);
        }

        var margin = double.PositiveInfinity;
        for (var last = 0; last < steps; last++)
        {
            OfferShortfall? worst = null;
            var worstBy = 0.0;
            for (var first = last; first >= 0; first--)
            {
                var index = IntervalEnergy.Index(first, last);
                var energy = taken[last + 1] - taken[first];
                var slack = slackKwh * (last - first + 1);
                var above = energy - mostWithin[index];
                var below = leastWithin[index] - energy;
                margin = Math.Min(margin, -Math.Max(above, below));
                if (above > slack && above > worstBy)
                {
                    (worst, worstBy) = (new OfferShortfall(last, OfferBound.IntervalMostEnergy, energy, mostWithin[index], first), above);
                }
                else if (below > slack && below > worstBy)
                {
                    (worst, worstBy) = (new OfferShortfall(last, OfferBound.IntervalLeastEnergy, energy, leastWithin[index], first), below);
                }
            }

            if (worst is not null)
            {
                shortfalls.Add(worst);
            }
        }

        return margin;
    }

    /// <summary>
    /// <paramref name="targetKw"/> moved into the offer at <paramref name="confidence"/> (the bounds of <see cref="Check"/>):
    /// each step's power within its bounds, and the energy taken by the end of each step within the energy bounds
    /// tightened backwards by what the later steps' power can still add or remove, changing the target only where it
    /// leaves them. Where the bounds leave no room at all the result stays as near as the power bounds allow, and
    /// <see cref="Check"/> says where.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Check"/>.</exception>
    public double[] Fit(IReadOnlyList<double> targetKw, double confidence = 0.9)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        if (targetKw.Count != Steps)
        {
            throw new ArgumentException($"The target has {targetKw.Count} steps, the offer {Steps}.", nameof(targetKw));
        }

        const double dt = FleetRequest.StepHours;
        var cautious = Band(Math.Round(1 - confidence, 9));
        var generous = Band(confidence);
        var steps = Steps;
        var least = new double[steps];
        var most = new double[steps];
        for (var t = steps - 1; t >= 0; t--)
        {
            least[t] = cautious.MinEnergyKwh[t];
            most[t] = generous.MaxEnergyKwh[t];
            if (t + 1 < steps)
            {
                least[t] = Math.Max(least[t], least[t + 1] - (cautious.MaxChargeKw[t + 1] * dt));
                most[t] = Math.Min(most[t], most[t + 1] + (cautious.MaxDischargeKw[t + 1] * dt));
            }
        }

        var fitted = new double[steps];
        var energy = 0.0;
        for (var t = 0; t < steps; t++)
        {
            var high = cautious.MaxChargeKw[t];
            var low = -cautious.MaxDischargeKw[t];
            var power = Math.Clamp(targetKw[t], low, high);
            if (energy + (power * dt) > most[t])
            {
                power = Math.Max(low, (most[t] - energy) / dt);
            }
            else if (energy + (power * dt) < least[t])
            {
                power = Math.Min(high, (least[t] - energy) / dt);
            }

            fitted[t] = power;
            energy += power * dt;
        }

        return fitted;
    }

    /// <summary>Checks the offer's bands (see <see cref="FlexibilityBand.Validate"/>) and that they share one horizon.</summary>
    /// <exception cref="ArgumentException">Naming what is wrong.</exception>
    public void Validate(int steps)
    {
        if (Days < 1)
        {
            throw new ArgumentException($"An offer is drawn from at least one day, not {Days}.");
        }

        if (Bands.Count == 0)
        {
            throw new ArgumentException("An offer has at least one band.");
        }

        foreach (var band in Bands)
        {
            band.Validate(steps);
        }

        if (Bands.Select(b => b.Quantile).Distinct().Count() != Bands.Count)
        {
            throw new ArgumentException("An offer's bands have distinct quantiles.");
        }
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
