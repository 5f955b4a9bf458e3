namespace Consortium.Network.Dispatch;

/// <summary>An operator's answer to one price of a dispatch by prices.</summary>
/// <param name="GroupAggregateKw">Per group and step (g · steps + t), the answers' aggregate.</param>
/// <param name="GroupOwnCost">Per group, the answers' wear plus shortfall cost.</param>
/// <param name="PricedCost">The sum over vehicles of own cost plus prices paid, as minimised.</param>
public sealed record PriceAnswer(double[] GroupAggregateKw, double[] GroupOwnCost, double PricedCost);
