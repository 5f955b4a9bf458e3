namespace Consortium.Network.Dispatch;

/// <summary>Who joined an event.</summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">The operator's chain address, the key that commits its allocation.</param>
public sealed record DispatchParticipation(string Name, ChainAddress Address);
