using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// FedAdam (Reddi et al., "Adaptive Federated Optimization", ICLR 2021): the server applies Adam to the
/// round's pseudo-gradient, v ← β₂·v + (1 − β₂)·Δ².
/// </summary>
/// <param name="options">η, β₁, β₂, τ; <see cref="ServerOptimizerOptions.Default"/> when null.</param>
/// <param name="aggregator">How updates are combined before the step; the weighted mean by default.</param>
public sealed class FedAdam(ServerOptimizerOptions? options = null, UpdateAggregator? aggregator = null)
    : ServerOptimizerStrategy(options, aggregator)
{
    /// <inheritdoc />
    public override string Name => "FedAdam";

    /// <inheritdoc />
    protected override double NextSecondMoment(double previous, double squaredChange) =>
        (Options.Beta2 * previous) + ((1 - Options.Beta2) * squaredChange);
}
