namespace Consortium.Network.Dispatch;

/// <summary>An operator's answer to a re-plan after the clearing.</summary>
/// <param name="Declined">The fleet is too large to solve exactly; the setpoints are unchanged.</param>
/// <param name="AggregateKw">What the setpoints add up to now, kW per step.</param>
/// <param name="OwnCost">The operator's wear plus shortfall cost of its setpoints (zero when declined).</param>
public sealed record FleetRefinement(bool Declined, double[] AggregateKw, double OwnCost);
