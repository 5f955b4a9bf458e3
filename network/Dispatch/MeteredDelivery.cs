namespace Consortium.Network.Dispatch;

/// <summary>What an operator's meters recorded for an event, and its on-chain report.</summary>
/// <param name="MeteredKwh">Grid energy per step, kWh (positive drawn, negative given back).</param>
/// <param name="DeliveryHash">Keccak-256 of the delivery as <see cref="DispatchDigest.Delivery"/> encodes it, as reported on chain.</param>
/// <param name="TxHash">The reportDelivery transaction.</param>
/// <param name="GasUsed">Gas of that transaction.</param>
/// <param name="VehiclesUnpluggedEarly">Vehicles the meters saw leave before the departure the allocation planned for.</param>
public sealed record MeteredDelivery(double[] MeteredKwh, Hash32 DeliveryHash, Hash32 TxHash, long GasUsed, int VehiclesUnpluggedEarly);
