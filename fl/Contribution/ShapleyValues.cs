namespace Consortium.Fl.Contribution;

/// <summary>
/// Shapley values of a round's members. The utility of a coalition is how much the model aggregated
/// from its updates lowers the loss below the round's starting model: v(S) = loss(global) − loss(aggregate(S)),
/// v(∅) = 0, so the values add up to the whole round's improvement (efficiency).
/// </summary>
/// <param name="MemberIds">Members, in the order of the updates given.</param>
/// <param name="Values">Each member's Shapley value, in loss units.</param>
/// <param name="GlobalLoss">Loss of the round's starting model.</param>
/// <param name="GrandCoalitionLoss">Loss of the model aggregated from every update.</param>
/// <param name="Exact">Whether every coalition was evaluated.</param>
/// <param name="Evaluations">Models evaluated (the cost).</param>
public sealed record ShapleyValues(
    IReadOnlyList<string> MemberIds,
    IReadOnlyList<double> Values,
    double GlobalLoss,
    double GrandCoalitionLoss,
    bool Exact,
    int Evaluations)
{
    /// <summary>Each value over the starting model's loss: the share of the loss each member removed.</summary>
    public double Relative(int member) => GlobalLoss > 0 ? Values[member] / GlobalLoss : 0;
}
