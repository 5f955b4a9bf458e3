namespace Consortium.Fl.Battery;

/// <summary>How a member trains the estimator on its own cycles.</summary>
/// <param name="Epochs">Passes over the member's training cycles.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="BatchSize">Cycles per step.</param>
/// <param name="Seed">Orders the minibatches.</param>
/// <param name="ProximalMu">FedProx's μ: the weight of ‖w − w_start‖²/2 in the loss; 0 for none.</param>
public sealed record BatteryTrainingOptions(int Epochs = 1, double LearningRate = 2e-3, int BatchSize = 128, ulong Seed = 1, double ProximalMu = 0)
{
    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Train at least one epoch.");
        }

        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one cycle.");
        }

        if (!(ProximalMu >= 0 && double.IsFinite(ProximalMu)))
        {
            throw new ArgumentOutOfRangeException(nameof(ProximalMu), ProximalMu, "μ must be zero or more.");
        }
    }
}
