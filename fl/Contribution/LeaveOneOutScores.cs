namespace Consortium.Fl.Contribution;

/// <summary>The leave-one-out scores of a round.</summary>
/// <param name="LossWithAll">Loss of the model aggregated from every update.</param>
/// <param name="Members">One entry per update, in the order of the updates.</param>
public sealed record LeaveOneOutScores(double LossWithAll, IReadOnlyList<LeaveOneOutScore> Members);
