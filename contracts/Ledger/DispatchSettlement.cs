using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>What one operator receives or loses when a dispatch event is settled.</summary>
/// <param name="Operator">An operator that committed an allocation.</param>
/// <param name="Amount">Its reward (positive, minted) or penalty (negative, slashed from its stake), in the token's smallest unit.</param>
public sealed record DispatchSettlement(ChainAddress Operator, BigInteger Amount);
