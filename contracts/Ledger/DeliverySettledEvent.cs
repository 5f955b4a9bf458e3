using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>DeliverySettled</c> event: an operator was rewarded or penalised for a dispatch event.</summary>
/// <param name="EventId">The dispatch event.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Amount">The reward (positive) or penalty (negative) settled.</param>
/// <param name="Taken">The tokens actually slashed from its stake for a penalty (capped at the stake).</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record DeliverySettledEvent(ulong EventId, ChainAddress Operator, BigInteger Amount, BigInteger Taken, Hash32 TxHash, ulong BlockNumber);
