using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// A grid party's flexibility request as the dispatch ledger takes it (<c>IDispatchLedger.FlexibilityTerms</c>): every
/// field of the EIP-712 <c>FlexibilityRequest</c> it signed, with the request id and the targets given by their EIP-712
/// encodings. The ledger checks the signature over these terms and bounds every settlement of the event by them.
/// </summary>
/// <param name="RequestIdHash">Keccak-256 of the request id (UTF-8).</param>
/// <param name="GridParty">The grid party that signed.</param>
/// <param name="IssuedAt">When the request was issued (whole seconds).</param>
/// <param name="Start">Start of the first step (whole seconds).</param>
/// <param name="StepMinutes">Step length in minutes (15).</param>
/// <param name="HorizonSteps">Number of steps.</param>
/// <param name="TargetHash">Keccak-256 of the targets in watts, each sign-extended to 32 bytes (EIP-712's encoding of an <c>int64[]</c>).</param>
/// <param name="DeviationPenaltyMicrosPerKwh">What a kWh of deviation costs the grid party, in millionths of its currency.</param>
/// <param name="RewardWeiPerKwh">Tokens (smallest unit) per kWh delivered along an allocation.</param>
/// <param name="PenaltyWeiPerKwh">Tokens per kWh of deviation beyond the tolerance.</param>
/// <param name="ToleranceBps">Deviation tolerated per step, in basis points of the allocated energy.</param>
/// <param name="ToleranceWh">Deviation always tolerated per step, in Wh.</param>
public sealed record FlexibilityTerms(
    Hash32 RequestIdHash,
    ChainAddress GridParty,
    DateTimeOffset IssuedAt,
    DateTimeOffset Start,
    int StepMinutes,
    int HorizonSteps,
    Hash32 TargetHash,
    BigInteger DeviationPenaltyMicrosPerKwh,
    BigInteger RewardWeiPerKwh,
    BigInteger PenaltyWeiPerKwh,
    int ToleranceBps,
    int ToleranceWh);
