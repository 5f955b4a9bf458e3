using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Network.Federation;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// The task-specific half of a <see cref="FederatedMember"/>: one federated task's private data in the member's store,
/// how the member trains a round's model on it and how it measures a model. Everything else a member does (checking the
/// round on chain, committing, privacy, restart safety, the evaluation gate, claiming) is the same for every task.
/// </summary>
public interface IMemberTask
{
    /// <summary>The task's id on chain; the member refuses rounds of any other.</summary>
    FederatedTask Task { get; }

    /// <summary>The task's name in messages, such as "the load forecast".</summary>
    string Name { get; }

    /// <summary>Label of the <see cref="Baseline"/> in evaluation replies, such as "seasonal-naive".</summary>
    string BaselineLabel { get; }

    /// <summary>The member's public profile for this task; nothing in it reveals the data.</summary>
    MemberProfile Profile(string name, ChainAddress address);

    /// <summary>Trains the round's model on the training split.</summary>
    /// <exception cref="ModelFormatException">The model is not one this task trains.</exception>
    MemberTraining Train(ModelCheckpoint global, int epochs, ulong seed, double proximalMu, CancellationToken cancellationToken);

    /// <summary>A model's additive error sums on a split, under <paramref name="label"/>.</summary>
    /// <exception cref="ModelFormatException">The model is not one this task runs.</exception>
    ErrorSums Evaluate(string label, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken);

    /// <summary>The error sums of a model-free yardstick on a split, under <see cref="BaselineLabel"/>.</summary>
    ErrorSums Baseline(EvaluationSplit split);
}

/// <summary>A round's local training.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="SampleCount">Samples it was trained on, the update's weight.</param>
/// <param name="MeanLoss">The training loss after training, in the task's own units, for the log.</param>
public sealed record MemberTraining(ModelCheckpoint Model, long SampleCount, double MeanLoss);
