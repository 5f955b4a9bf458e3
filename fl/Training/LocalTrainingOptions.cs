namespace Consortium.Fl.Training;

/// <summary>How a member trains the global model on its own windows in one round.</summary>
/// <param name="Epochs">Passes over the training windows.</param>
/// <param name="BatchSize">Windows per Adam step.</param>
/// <param name="LearningRate">Adam step size.</param>
/// <param name="Seed">Fixes the minibatch order, so a round can be replayed.</param>
/// <param name="ProximalMu">
/// FedProx's μ: adds μ/2·‖w − w_global‖² to the loss, keeping the local model near the global one
/// (Li et al., "Federated Optimization in Heterogeneous Networks", MLSys 2020). 0 is plain local training.
/// </param>
/// <param name="GradientClipNorm">Largest gradient norm per step; recurrent networks otherwise occasionally blow up.</param>
public sealed record LocalTrainingOptions(
    int Epochs = 1,
    int BatchSize = 64,
    double LearningRate = 3e-3,
    ulong Seed = 0,
    double ProximalMu = 0,
    double GradientClipNorm = 1.0)
{
    /// <summary>One epoch, batches of 64, Adam at 3·10⁻³, seed 0, no proximal term.</summary>
    public static LocalTrainingOptions Default { get; } = new();

    /// <summary>Throws unless every value is usable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        }

        if (!(ProximalMu >= 0) || !double.IsFinite(ProximalMu))
        {
            throw new ArgumentOutOfRangeException(nameof(ProximalMu), ProximalMu, "The proximal μ must be zero or positive.");
        }

        if (!(GradientClipNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "The gradient clip norm must be positive.");
        }
    }
}
