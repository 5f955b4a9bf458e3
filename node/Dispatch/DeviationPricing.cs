namespace Consortium.Node.Dispatch;

/// <summary>
/// A convex, piecewise-linear price on a fleet's deviation from a profile, the same either way: the first
/// <see cref="SegmentKw"/> of deviation at a step costs <c>Slopes[0]</c> per kW, the next <see cref="SegmentKw"/>
/// <c>Slopes[1]</c>, and so on; past the last boundary every kW costs the last slope. Slopes are per kW per step, in the
/// objective's currency (Δt already applied). An operator re-plans against one of these
/// (<see cref="IFleetOperator.RefineAsync"/>): the exact deviation penalty, a smoothed (Huber-like) one, or ADMM's
/// quadratic proximal term drawn piecewise linearly.
/// </summary>
public sealed record DeviationPricing
{
    /// <summary>Most slopes a shape may have.</summary>
    public const int MaxSlopes = 64;

    /// <summary>Checks and keeps the shape.</summary>
    /// <exception cref="ArgumentException">No slope or more than <see cref="MaxSlopes"/>, a slope negative, not finite or
    /// below the one before, or a segment not a positive finite width where there is more than one slope.</exception>
    public DeviationPricing(double segmentKw, double[] slopes)
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

        SegmentKw = segmentKw;
        Slopes = slopes;
    }

    /// <summary>Width of every piece but the last, kW.</summary>
    public double SegmentKw { get; }

    /// <summary>Price per kW per step of each piece, non-decreasing.</summary>
    public double[] Slopes { get; }

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

    /// <summary>(ρ/2)·deviation², drawn in <paramref name="pieces"/> pieces <paramref name="widthKw"/> wide with the slope at each piece's middle.</summary>
    public static DeviationPricing Quadratic(double rho, double widthKw, int pieces = 24)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rho);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthKw);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pieces, MaxSlopes);
        var slopes = new double[pieces];
        for (var k = 0; k < pieces; k++)
        {
            slopes[k] = rho * (k + 0.5) * widthKw;
        }

        return new DeviationPricing(widthKw, slopes);
    }
}
