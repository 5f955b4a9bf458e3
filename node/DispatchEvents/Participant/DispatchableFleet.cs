using Consortium.Dispatch.Fleets;
using Consortium.Network.Dispatch;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>The fleet an operator node serves in dispatch events, or why it has none and sits them out.</summary>
public sealed class DispatchableFleet
{
    private DispatchableFleet(Fleet? fleet, DispatchDecline? decline)
    {
        Fleet = fleet;
        Decline = decline;
    }

    /// <summary>The fleet; null when the node declines.</summary>
    public Fleet? Fleet { get; }

    /// <summary>Why the node has no fleet to dispatch; null when it has one.</summary>
    public DispatchDecline? Decline { get; }

    /// <summary>
    /// <paramref name="fleet"/>; a fleet without a vehicle is no fleet to dispatch, so it is a decline
    /// (<see cref="DeclineReason.NoDispatchableFleet"/>).
    /// </summary>
    public static DispatchableFleet Of(Fleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return fleet.Count == 0
            ? None(DeclineReason.NoDispatchableFleet, "its fleet has no vehicle")
            : new DispatchableFleet(fleet, null);
    }

    /// <summary>No fleet, for <paramref name="reason"/> (not None), with a <paramref name="detail"/> for auditors.</summary>
    public static DispatchableFleet None(DeclineReason reason, string detail) => new(null, DispatchDecline.Of(reason, detail));
}
