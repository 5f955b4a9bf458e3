using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The strategies and aggregators the experiment names, and the fl configuration behind each name.
/// Robust rules are set for the consortium size alone, never for the attack: f = ⌊(n − 3) / 2⌋ (at
/// least 1) arbitrary members withstood, the most Multi-Krum's guarantee allows (n &gt; 2f + 2).
/// </summary>
public static class StrategyCatalog
{
    /// <summary>The weighted mean of federated averaging.</summary>
    public const string Mean = "mean";

    /// <summary>The mean after clipping each update's change to the round's median change norm.</summary>
    public const string NormBoundedMean = "norm-bounded-mean";

    /// <summary>Strategy names, in report order.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["fedavg", "fedprox", "fedadam", "fedyogi"];

    /// <summary>Aggregator names, in report order.</summary>
    public static IReadOnlyList<string> Aggregators { get; } = [Mean, "median", "trimmed-mean", "multi-krum", NormBoundedMean];

    /// <summary>f for a consortium of <paramref name="members"/>.</summary>
    public static int AssumedByzantine(int members) => Math.Max(1, (members - 3) / 2);

    /// <summary>
    /// A fresh strategy object (server state empty) for one setting. For <see cref="NormBoundedMean"/>
    /// pass the round's bound; the strategy must then be stateless and made anew each round.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name, or a norm bound for a strategy with server state.</exception>
    public static AggregationStrategy Create(string strategy, string aggregator, int members, ExperimentOptions options, double? normBound = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var f = AssumedByzantine(members);
        var rule = aggregator switch
        {
            Mean => AggregationRule.Mean,
            "median" => new AggregationRule(AggregatorKind.Median),
            "trimmed-mean" => new AggregationRule(AggregatorKind.TrimmedMean) { TrimFraction = (double)f / members },
            "multi-krum" => new AggregationRule(AggregatorKind.MultiKrum) { AssumedByzantine = f },
            NormBoundedMean => new AggregationRule(AggregatorKind.Mean, normBound ?? throw new ArgumentException("The norm-bounded mean needs the round's bound.", nameof(normBound))),
            _ => throw new ArgumentException($"Aggregator '{aggregator}' is unknown; use {string.Join(", ", Aggregators)}.", nameof(aggregator)),
        };
        StrategyKind kind;
        try
        {
            kind = StrategyConfiguration.ParseKind(strategy);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, nameof(strategy), e);
        }

        var created = new StrategyConfiguration(kind, rule) { ProximalMu = options.ProximalMu }.Create();
        if (normBound is not null && created.KeepsServerState)
        {
            throw new ArgumentException($"{created.Name} keeps server state, so its rule cannot change from round to round as the norm-bounded mean's bound does.", nameof(strategy));
        }

        return created;
    }
}
