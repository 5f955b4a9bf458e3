namespace Consortium.Fl.Strategies;

/// <summary>
/// The server optimizer's hyperparameters in Reddi et al.'s adaptive federated optimization
/// (FedAdam, FedYogi).
/// </summary>
/// <param name="LearningRate">
/// η, the server step size. The default 0.01 was chosen on the bundled Perth &amp; Kinross data (three
/// members, one local epoch per round): validation RMSE falls every round for five rounds (15.2 to
/// 11.6 kW); η = 0.03 and 0.1 get there faster but then oscillate (12.8 and 11.9 kW after five rounds),
/// and a τ raised to η only slows it down. With so few rounds federated averaging stays ahead (10.8 kW),
/// since one local epoch already does most of the work.
/// </param>
/// <param name="Beta1">β₁, the decay of the first moment (momentum), in [0, 1).</param>
/// <param name="Beta2">β₂, the decay of the second moment, in [0, 1).</param>
/// <param name="Tau">τ, the adaptivity floor added to √v, positive; also the start of √v.</param>
public sealed record ServerOptimizerOptions(double LearningRate = 0.01, double Beta1 = 0.9, double Beta2 = 0.99, double Tau = 1e-3)
{
    /// <summary>The defaults tuned on the bundled charging data (see <see cref="LearningRate"/>).</summary>
    public static ServerOptimizerOptions Default { get; } = new();

    /// <summary>Throws unless every value is in range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The server learning rate η must be positive and finite.");
        }

        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "β₁ must be in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "β₂ must be in [0, 1).");
        }

        if (!(Tau > 0) || !double.IsFinite(Tau))
        {
            throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "τ must be positive and finite.");
        }
    }
}
