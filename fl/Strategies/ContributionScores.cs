namespace Consortium.Fl.Strategies;

/// <summary>The leave-one-out scores of a round.</summary>
/// <param name="LossWithAll">Loss of the model aggregated from every update.</param>
/// <param name="Members">One entry per update, in the order of the updates.</param>
public sealed record ContributionScores(double LossWithAll, IReadOnlyList<MemberContribution> Members);
