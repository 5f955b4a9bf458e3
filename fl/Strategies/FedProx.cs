using Consortium.Fl.Aggregation;
using Consortium.Fl.Training;

namespace Consortium.Fl.Strategies;

/// <summary>
/// FedProx: aggregates like <see cref="FedAvg"/> but asks members to add the proximal term
/// μ/2·‖w − w_global‖² to their local loss, which steadies training when members' data differ a lot
/// (Li, Sahu, Zaheer, Sanjabi, Talwalkar and Smith, "Federated Optimization in Heterogeneous Networks",
/// MLSys 2020).
/// </summary>
/// <param name="mu">The proximal coefficient μ, positive.</param>
/// <param name="aggregator">How updates are combined; the weighted mean by default.</param>
public sealed class FedProx(double mu, UpdateAggregator? aggregator = null) : FedAvg(aggregator)
{
    /// <summary>The proximal coefficient μ.</summary>
    public double Mu { get; } = mu > 0 && double.IsFinite(mu)
        ? mu
        : throw new ArgumentOutOfRangeException(nameof(mu), mu, "FedProx needs a positive, finite μ.");

    /// <inheritdoc />
    public override string Name => "FedProx";

    /// <inheritdoc />
    public override LocalTrainingOptions ConfigureTraining(int round, LocalTrainingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with { ProximalMu = Mu };
    }
}
