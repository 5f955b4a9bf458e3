using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// FedYogi (Reddi et al., "Adaptive Federated Optimization", ICLR 2021, after Zaheer et al.'s Yogi,
/// NeurIPS 2018): v ← v − (1 − β₂)·Δ²·sign(v − Δ²), so v grows or shrinks additively towards Δ² and
/// the step size changes more gently than with Adam.
/// </summary>
/// <param name="options">η, β₁, β₂, τ; <see cref="ServerOptimizerOptions.Default"/> when null.</param>
/// <param name="aggregator">How updates are combined before the step; the weighted mean by default.</param>
public sealed class FedYogi(ServerOptimizerOptions? options = null, UpdateAggregator? aggregator = null)
    : ServerOptimizerStrategy(options, aggregator)
{
    /// <inheritdoc />
    public override string Name => "FedYogi";

    /// <inheritdoc />
    protected override double NextSecondMoment(double previous, double squaredChange) =>
        previous - ((1 - Options.Beta2) * squaredChange * Math.Sign(previous - squaredChange));
}
