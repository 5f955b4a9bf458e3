using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// A convex, piecewise-linear price on a fleet's deviation from a profile, the same either way: the first
/// <see cref="SegmentKw"/> of deviation at a step costs <c>Slopes[0]</c> per kW, the next piece, <see cref="Growth"/>
/// times as wide, <c>Slopes[1]</c>, and so on; past the last boundary every kW costs the last slope. Slopes are per kW
/// per step, in the objective's currency (Δt already applied). An operator re-plans against one of these
/// (<see cref="Coordination.IFleetOperator.RefineAsync"/>): the exact deviation penalty, a smoothed (Huber-like) one, or ADMM's
/// quadratic proximal term drawn piecewise linearly. <see cref="PricesKw"/> may add a price per step on the signed
/// deviation: that is how ADMM's proximal term is written around the operator's current profile.
/// </summary>
public sealed record DeviationPricing
{
    /// <summary>Most slopes a shape may have.</summary>
    public const int MaxSlopes = 64;

    /// <summary>Largest <see cref="Growth"/>.</summary>
    public const double MaxGrowth = 4;

    /// <summary>Checks and keeps the shape.</summary>
    /// <param name="segmentKw">Width of the first piece, kW.</param>
    /// <param name="slopes">Price per kW per step of each piece, non-decreasing.</param>
    /// <param name="pricesKw">A price per kW per step on the signed deviation (aggregate − profile), one per step; null for none.</param>
    /// <param name="growth">How many times wider each piece is than the one before (1: all as wide).</param>
    /// <exception cref="ArgumentException">No slope or more than <see cref="MaxSlopes"/>, a slope negative, not finite or
    /// below the one before, a segment not a positive finite width where there is more than one slope, a price not
    /// finite, or a growth outside 1 to <see cref="MaxGrowth"/>.</exception>
    public DeviationPricing(double segmentKw, double[] slopes, double[]? pricesKw = null, double growth = 1)
    {
        ArgumentNullException.ThrowIfNull(slopes);
        if (slopes.Length is 0 or > MaxSlopes)
        {
            throw new ArgumentException($"A deviation price needs 1 to {MaxSlopes} slopes, not {slopes.Length}.", nameof(slopes));
        }

        for (var k = 0; k < slopes.Length; k++)
        {
            if (!(slopes[k] >= 0 && double.IsFinite(slopes[k])) || (k > 0 && slopes[k] < slopes[k - 1]))
            {
                throw new ArgumentException($"Slope {k} is {slopes[k]}; slopes must be finite, zero or more and never fall (the price must be convex).", nameof(slopes));
            }
        }

        if (slopes.Length > 1 && !(segmentKw > 0 && double.IsFinite(segmentKw)))
        {
            throw new ArgumentException($"The segment width is {segmentKw} kW; it must be a positive finite number.", nameof(segmentKw));
        }

        if (pricesKw is not null)
        {
            for (var t = 0; t < pricesKw.Length; t++)
            {
                if (!double.IsFinite(pricesKw[t]))
                {
                    throw new ArgumentException($"The price at step {t} is {pricesKw[t]}; prices must be finite.", nameof(pricesKw));
                }
            }
        }

        if (!(growth >= 1 && growth <= MaxGrowth))
        {
            throw new ArgumentException($"The pieces' growth is {growth}; it must lie between 1 and {MaxGrowth}.", nameof(growth));
        }

        SegmentKw = segmentKw;
        Slopes = slopes;
        PricesKw = pricesKw;
        Growth = growth;
    }

    /// <summary>Width of the first piece, kW.</summary>
    public double SegmentKw { get; }

    /// <summary>How many times wider each piece is than the one before.</summary>
    public double Growth { get; }

    /// <summary>Width of piece <paramref name="piece"/>, kW; the last one has no end.</summary>
    public double Width(int piece) => piece >= Slopes.Length - 1 ? double.PositiveInfinity : SegmentKw * Math.Pow(Growth, piece);

    /// <summary>Price per kW per step of each piece, non-decreasing.</summary>
    public double[] Slopes { get; }

    /// <summary>
    /// Price per kW per step of the signed deviation at each step (Δt applied), on top of the pieces: a deviation d at
    /// step t costs <c>PricesKw[t] · d</c> plus the pieces' price of |d|. Null when there is none.
    /// </summary>
    public double[]? PricesKw { get; }

    /// <summary>The most a kW of deviation can cost at any step: the last slope plus the largest price magnitude.</summary>
    public double SteepestSlope => Slopes[^1] + (PricesKw is null ? 0 : PricesKw.Max(Math.Abs));

    /// <summary>The dispatch objective's own deviation penalty: Δt · penalty per kW, from the first kW.</summary>
    public static DeviationPricing Exact(DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        return new DeviationPricing(0, [FleetRequest.StepHours * costs.DeviationPenaltyPerKwh]);
    }

    /// <summary>
    /// The exact penalty with its first <paramref name="widthKw"/> made cheap: eight pieces whose slopes double from 1/256
    /// of the penalty (below any sensible wear price) up to half of it, then the full penalty.
    /// </summary>
    public static DeviationPricing Smoothed(DispatchCosts costs, double widthKw)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (widthKw <= 0)
        {
            return Exact(costs);
        }

        const int pieces = 8;
        var full = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        var slopes = new double[pieces + 1];
        for (var k = 0; k <= pieces; k++)
        {
            slopes[k] = full * Math.Pow(0.5, pieces - k);
        }

        return new DeviationPricing(widthKw / pieces, slopes);
    }

    /// <summary>
    /// (ρ/2)·deviation², drawn in <paramref name="pieces"/> pieces with the slope at each piece's middle: the first
    /// <paramref name="widthKw"/> wide, each next one <paramref name="growth"/> times as wide; plus
    /// <paramref name="pricesKw"/> on the signed deviation when given.
    /// </summary>
    public static DeviationPricing Quadratic(double rho, double widthKw, int pieces = 24, double[]? pricesKw = null, double growth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rho);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthKw);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pieces, MaxSlopes);
        var slopes = new double[pieces];
        double start = 0, width = widthKw;
        for (var k = 0; k < pieces; k++)
        {
            slopes[k] = rho * (start + (width / 2));
            start += width;
            width *= growth;
        }

        return new DeviationPricing(widthKw, slopes, pricesKw, growth);
    }

    /// <summary>
    /// The least growth at which the first <paramref name="pieces"/> − 1 pieces, the first <paramref name="firstKw"/>
    /// wide, reach <paramref name="reachKw"/>: 1 where equal pieces do, <see cref="MaxGrowth"/> where not even that does.
    /// </summary>
    public static double GrowthToReach(double firstKw, double reachKw, int pieces)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstKw);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieces, 2);
        var bounded = pieces - 1;
        double Reach(double growth) => growth == 1 ? firstKw * bounded : firstKw * (Math.Pow(growth, bounded) - 1) / (growth - 1);
        if (Reach(1) >= reachKw)
        {
            return 1;
        }

        if (Reach(MaxGrowth) <= reachKw)
        {
            return MaxGrowth;
        }

        double low = 1, high = MaxGrowth;
        for (var i = 0; i < 50; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = Reach(middle) >= reachKw ? (low, middle) : (middle, high);
        }

        return high;
    }
}
