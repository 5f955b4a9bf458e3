namespace Consortium.Dispatch;

/// <summary>Why a dispatch by prices stopped.</summary>
public enum PriceStop
{
    /// <summary>The bounds met within the relative gap.</summary>
    Gap,

    /// <summary>No column priced out at the master's duals: the master's mix is the programme's optimum.</summary>
    Optimal,

    /// <summary>The time limit ran out.</summary>
    TimeLimit,

    /// <summary>The iteration limit ran out.</summary>
    IterationLimit,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>What a dispatch by prices ended with.</summary>
/// <param name="AggregateKw">Per operator, its realized aggregate; null for operators that did not take part.</param>
/// <param name="OwnCost">Per operator, the own cost of its realized setpoints; null for operators that did not take part.</param>
/// <param name="UpperBound">The master's objective.</param>
/// <param name="LowerBound">The best Lagrangian bound.</param>
/// <param name="Iterations">Prices posted.</param>
/// <param name="Columns">Columns in the master.</param>
/// <param name="Stop">Why it stopped.</param>
/// <param name="Seconds">Wall clock in all.</param>
/// <param name="PricingSeconds">Of which the operators' answers.</param>
/// <param name="MasterSeconds">Of which the master's solves.</param>
/// <param name="RealizeSeconds">Of which the realization.</param>
public sealed record PriceOutcome(
    double[]?[] AggregateKw,
    double?[] OwnCost,
    double UpperBound,
    double LowerBound,
    int Iterations,
    int Columns,
    PriceStop Stop,
    double Seconds,
    double PricingSeconds,
    double MasterSeconds,
    double RealizeSeconds)
{
    /// <summary>(upper − lower bound) / |upper bound|.</summary>
    public double Gap => (UpperBound - LowerBound) / Math.Max(1e-12, Math.Abs(UpperBound));
}
