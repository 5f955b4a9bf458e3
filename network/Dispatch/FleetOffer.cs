using Consortium.Dispatch.DayAhead;

namespace Consortium.Network.Dispatch;

/// <summary>
/// What an operator tells the coordinator about its fleet before an event: aggregates only, one number per step,
/// from which no vehicle can be told apart; or that it has nothing to dispatch and sits the event out.
/// </summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">The operator's chain address.</param>
/// <param name="UncontrolledKw">The fleet's aggregate if every vehicle charged at full power from arrival, kW per step; empty when declined.</param>
/// <param name="DischargeCapacityKw">Summed discharge limits of the V2G vehicles plugged in at each step, within the site limit, kW; empty when declined.</param>
/// <param name="Decline">Why the operator will sit the event out; null when it offers its fleet.</param>
/// <param name="Flexibility">Its day-ahead flexibility by quantile, forecast from its own history; null when declined or not offered.</param>
public sealed record FleetOffer(
    string Name, ChainAddress Address, double[] UncontrolledKw, double[] DischargeCapacityKw, DispatchDecline? Decline = null, FlexibilityForecast? Flexibility = null)
{
    /// <summary>Whether the operator will sit the event out.</summary>
    public bool Declined => Decline is not null;

    /// <summary>An operator's answer that it has no fleet to offer, and why.</summary>
    public static FleetOffer Declining(string name, ChainAddress address, DispatchDecline decline) =>
        new(name, address, [], [], decline ?? throw new ArgumentNullException(nameof(decline)));
}
