namespace Consortium.Network.Dispatch;

/// <summary>An operator's decline of an event, as it recorded it on chain with its own key.</summary>
/// <param name="Decline">The reason and detail given.</param>
/// <param name="TxHash">The declineDispatch transaction.</param>
/// <param name="GasUsed">Gas of that transaction; 0 when the decline was made before (a retried call or a restarted node) and only read back from the chain.</param>
public sealed record RecordedDecline(DispatchDecline Decline, Hash32 TxHash, long GasUsed);
