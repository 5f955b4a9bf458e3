namespace Consortium.Fl.Contribution;

/// <summary>
/// The value of each member's update to each validator's own validation loss: for validator j, the game
/// vⱼ(S) = 1 − lossⱼ(S) / lossⱼ(∅) (the share of j's starting loss that the model of coalition S removes), and
/// <see cref="Relative"/>[j][i] member i's Shapley value (or leave-one-out value) in it. Validators are the round's
/// contributors, in the same order: validator j is member j, judging on data nobody else holds.
/// </summary>
/// <param name="MemberIds">Members, in the order of the updates (and of the validators).</param>
/// <param name="Relative">[validator][member]: the share of the validator's starting loss the member's update removed (negative: added).</param>
/// <param name="Improvement">[validator]: vⱼ(all), the share of the validator's starting loss the whole round removed.</param>
/// <param name="Exact">Whether every coalition was evaluated (false for sampled Shapley values).</param>
/// <param name="Evaluations">Distinct coalitions evaluated; every validator evaluates each of them once.</param>
public sealed record ServedValues(
    IReadOnlyList<string> MemberIds,
    IReadOnlyList<IReadOnlyList<double>> Relative,
    IReadOnlyList<double> Improvement,
    bool Exact,
    int Evaluations);
