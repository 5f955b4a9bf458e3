using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>One operator's part in a dispatch event.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Operator">The operator.</param>
/// <param name="AllocationHash">Keccak-256 of the allocation it accepted; zero when it committed none.</param>
/// <param name="DeliveryHash">Keccak-256 of its metered delivery; zero until reported.</param>
/// <param name="Settlement">Its reward (positive) or penalty (negative) at settlement, in the token's smallest unit.</param>
/// <param name="Settled">Whether the settlement covered it.</param>
/// <param name="DeclineReason">Why it declined the event; <see cref="Primitives.DeclineReason.None"/> when it did not.</param>
/// <param name="AllocatedWh">Its allocation's grid energy, summed over steps in absolute value, as it committed it.</param>
/// <param name="DeliveredWh">Its metered grid energy, summed over steps in absolute value, as it reported it.</param>
public sealed record OperatorDispatch(
    ulong EventId,
    ChainAddress Operator,
    Hash32 AllocationHash,
    Hash32 DeliveryHash,
    BigInteger Settlement,
    bool Settled,
    DeclineReason DeclineReason,
    ulong AllocatedWh = 0,
    ulong DeliveredWh = 0)
{
    /// <summary>Whether the operator declined the event (it then commits nothing and is not settled).</summary>
    public bool Declined => DeclineReason != DeclineReason.None;
}
