using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// A consortium's choice of strategy and aggregation rule, as configuration. <see cref="Create"/> gives
/// a fresh strategy object; one with server state (FedAdam, FedYogi) must then stay with that
/// consortium for all its rounds.
/// </summary>
/// <param name="Kind">FedAvg, FedProx, FedAdam or FedYogi.</param>
/// <param name="Aggregation">How updates are combined; the weighted mean when null.</param>
public sealed record StrategyConfiguration(StrategyKind Kind = StrategyKind.FedAvg, AggregationRule? Aggregation = null)
{
    /// <summary>μ for FedProx.</summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>η, β₁, β₂, τ for FedAdam and FedYogi; <see cref="ServerOptimizerOptions.Default"/> when null.</summary>
    public ServerOptimizerOptions? ServerOptimizer { get; init; }

    /// <summary>A new strategy object as configured.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public AggregationStrategy Create()
    {
        var aggregator = (Aggregation ?? AggregationRule.Mean).CreateAggregator();
        return Kind switch
        {
            StrategyKind.FedAvg => new FedAvg(aggregator),
            StrategyKind.FedProx => new FedProx(ProximalMu, aggregator),
            StrategyKind.FedAdam => new FedAdam(ServerOptimizer, aggregator),
            StrategyKind.FedYogi => new FedYogi(ServerOptimizer, aggregator),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown strategy."),
        };
    }

    /// <summary>The kind named <paramref name="name"/> (fedavg, fedprox, fedadam, fedyogi; any case).</summary>
    /// <exception cref="FormatException">No such strategy.</exception>
    public static StrategyKind ParseKind(string name) =>
        Enum.TryParse<StrategyKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _)
            ? kind
            : throw new FormatException($"'{name}' is not a strategy: use fedavg, fedprox, fedadam or fedyogi.");
}
