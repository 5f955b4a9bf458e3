using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A dispatch event as the ledger holds it.</summary>
/// <param name="EventId">The event's id (1, 2, ...).</param>
/// <param name="Status">Open or settled.</param>
/// <param name="RequestHash">Keccak-256 of the dispatch request the event answers.</param>
/// <param name="AllocationDeadline">When allocations stop being accepted (chain time).</param>
/// <param name="DeliveryDeadline">When delivery reports stop being accepted (chain time).</param>
/// <param name="OpenedAtBlock">The block the event was opened in.</param>
/// <param name="AllocationCount">How many operators committed an allocation.</param>
/// <param name="DeliveryCount">How many reported their metered delivery.</param>
/// <param name="DeclineCount">How many declined the event.</param>
/// <param name="TotalRewards">Tokens minted to operators at settlement.</param>
/// <param name="TotalPenalties">Tokens slashed from operators at settlement.</param>
public sealed record DispatchState(
    ulong EventId,
    DispatchStatus Status,
    Hash32 RequestHash,
    DateTimeOffset AllocationDeadline,
    DateTimeOffset DeliveryDeadline,
    ulong OpenedAtBlock,
    int AllocationCount,
    int DeliveryCount,
    int DeclineCount,
    BigInteger TotalRewards,
    BigInteger TotalPenalties)
{
    /// <summary>The battery round whose wear prices were in force when the event opened; zero when none were published.</summary>
    public ulong WearRound { get; init; }
}
