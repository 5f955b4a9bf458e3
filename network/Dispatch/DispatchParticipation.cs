namespace Consortium.Network.Dispatch;

/// <summary>Who answered an event: an operator that joined it, or one that declined it on chain.</summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">The operator's chain address, the key that commits its allocation (or declined).</param>
/// <param name="Decline">The decline it recorded on chain instead of joining; null when it joined.</param>
public sealed record DispatchParticipation(string Name, ChainAddress Address, RecordedDecline? Decline = null)
{
    /// <summary>Whether the operator sits the event out.</summary>
    public bool Declined => Decline is not null;
}
