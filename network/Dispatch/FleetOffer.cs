namespace Consortium.Network.Dispatch;

/// <summary>
/// What an operator tells the coordinator about its fleet before an event: aggregates only, one number per step,
/// from which no vehicle can be told apart.
/// </summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">The operator's chain address.</param>
/// <param name="UncontrolledKw">The fleet's aggregate if every vehicle charged at full power from arrival, kW per step.</param>
/// <param name="DischargeCapacityKw">Summed discharge limits of the V2G vehicles plugged in at each step, within the site limit, kW.</param>
public sealed record FleetOffer(string Name, ChainAddress Address, double[] UncontrolledKw, double[] DischargeCapacityKw);
