using Consortium.Fl.Models;

namespace Consortium.Fl.Training;

/// <summary>What one member's local training produced.</summary>
/// <param name="Model">The locally trained model.</param>
/// <param name="SampleCount">Training windows used, FedAvg's weight for this member.</param>
/// <param name="MeanLoss">Mean squared error on scaled targets over the last epoch (without the proximal term).</param>
/// <param name="Steps">Optimizer steps taken.</param>
public sealed record LocalTrainingResult(ModelCheckpoint Model, int SampleCount, double MeanLoss, int Steps)
{
    /// <summary>The trained flat parameters.</summary>
    public float[] Parameters => Model.Parameters;
}
