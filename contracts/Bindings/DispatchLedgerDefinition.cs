using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of DispatchLedger.sol / IDispatchLedger.sol; kept in step with the
// compiled ABI by ContractBindingTests. coordinator() and memberRegistry() are bound once elsewhere (CoordinatedLedger's).

/// <summary>IDispatchLedger.FlexibilityTerms: the grid party's request as it signed it.</summary>
internal sealed class FlexibilityTermsData
{
    [Parameter("bytes32", "requestIdHash", 1)]
    public byte[] RequestIdHash { get; set; } = [];

    [Parameter("address", "gridParty", 2)]
    public string GridParty { get; set; } = string.Empty;

    [Parameter("uint64", "issuedAt", 3)]
    public ulong IssuedAt { get; set; }

    [Parameter("uint64", "start", 4)]
    public ulong Start { get; set; }

    [Parameter("uint32", "stepMinutes", 5)]
    public uint StepMinutes { get; set; }

    [Parameter("uint32", "horizonSteps", 6)]
    public uint HorizonSteps { get; set; }

    [Parameter("bytes32", "targetHash", 7)]
    public byte[] TargetHash { get; set; } = [];

    [Parameter("uint256", "deviationPenaltyMicrosPerKwh", 8)]
    public BigInteger DeviationPenaltyMicrosPerKwh { get; set; }

    [Parameter("uint256", "rewardWeiPerKwh", 9)]
    public BigInteger RewardWeiPerKwh { get; set; }

    [Parameter("uint256", "penaltyWeiPerKwh", 10)]
    public BigInteger PenaltyWeiPerKwh { get; set; }

    [Parameter("uint32", "toleranceBps", 11)]
    public uint ToleranceBps { get; set; }

    [Parameter("uint32", "toleranceWh", 12)]
    public uint ToleranceWh { get; set; }
}

[Function("openDispatch", "uint256")]
internal sealed class OpenDispatchFunction : FunctionMessage
{
    [Parameter("tuple", "terms", 1)]
    public FlexibilityTermsData Terms { get; set; } = new();

    [Parameter("bytes", "signature", 2)]
    public byte[] Signature { get; set; } = [];

    [Parameter("uint64", "allocationDeadline", 3)]
    public ulong AllocationDeadline { get; set; }

    [Parameter("uint64", "deliveryDeadline", 4)]
    public ulong DeliveryDeadline { get; set; }
}

[Function("getRequestTerms", typeof(GetRequestTermsOutput))]
internal sealed class GetRequestTermsFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }
}

[FunctionOutput]
internal sealed class GetRequestTermsOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public FlexibilityTermsData Terms { get; set; } = new();
}

[Function("eventOfRequest", "uint256")]
internal sealed class EventOfRequestFunction : FunctionMessage
{
    [Parameter("bytes32", "requestHash", 1)]
    public byte[] RequestHash { get; set; } = [];
}

[Function("requestDigest", "bytes32")]
internal sealed class RequestDigestFunction : FunctionMessage
{
    [Parameter("tuple", "terms", 1)]
    public FlexibilityTermsData Terms { get; set; } = new();
}

[Function("commitAllocation")]
internal sealed class CommitAllocationFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("bytes32", "allocationHash", 2)]
    public byte[] AllocationHash { get; set; } = [];

    [Parameter("uint64", "allocatedWh", 3)]
    public ulong AllocatedWh { get; set; }
}

[Function("commitStep")]
internal sealed class CommitStepFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("uint32", "step", 2)]
    public uint Step { get; set; }

    [Parameter("bytes32", "stepHash", 3)]
    public byte[] StepHash { get; set; } = [];
}

[Function("declineDispatch")]
internal sealed class DeclineDispatchFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("uint8", "reason", 2)]
    public byte Reason { get; set; }

    [Parameter("string", "detail", 3)]
    public string Detail { get; set; } = string.Empty;
}

[Function("reportDelivery")]
internal sealed class ReportDeliveryFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("bytes32", "deliveryHash", 2)]
    public byte[] DeliveryHash { get; set; } = [];

    [Parameter("uint64", "deliveredWh", 3)]
    public ulong DeliveredWh { get; set; }
}

[Function("settleDispatch")]
internal sealed class SettleDispatchFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address[]", "operators", 2)]
    public List<string> Operators { get; set; } = [];

    [Parameter("int256[]", "amounts", 3)]
    public List<BigInteger> Amounts { get; set; } = [];
}

[Function("getDispatch", typeof(GetDispatchOutput))]
internal sealed class GetDispatchFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }
}

[FunctionOutput]
internal sealed class GetDispatchOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public DispatchData Dispatch { get; set; } = new();
}

internal sealed class DispatchData
{
    [Parameter("bytes32", "requestHash", 1)]
    public byte[] RequestHash { get; set; } = [];

    [Parameter("uint64", "allocationDeadline", 2)]
    public ulong AllocationDeadline { get; set; }

    [Parameter("uint64", "deliveryDeadline", 3)]
    public ulong DeliveryDeadline { get; set; }

    [Parameter("uint64", "openedAtBlock", 4)]
    public ulong OpenedAtBlock { get; set; }

    [Parameter("uint32", "allocationCount", 5)]
    public uint AllocationCount { get; set; }

    [Parameter("uint32", "deliveryCount", 6)]
    public uint DeliveryCount { get; set; }

    [Parameter("uint32", "declineCount", 7)]
    public uint DeclineCount { get; set; }

    [Parameter("uint8", "status", 8)]
    public byte Status { get; set; }

    [Parameter("uint128", "totalRewards", 9)]
    public BigInteger TotalRewards { get; set; }

    [Parameter("uint128", "totalPenalties", 10)]
    public BigInteger TotalPenalties { get; set; }

    [Parameter("uint64", "wearRound", 11)]
    public ulong WearRound { get; set; }
}

[Function("publishWearPrices")]
internal sealed class PublishWearPricesFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32[]", "chemistries", 2)]
    public List<byte[]> Chemistries { get; set; } = [];

    [Parameter("uint128[]", "weiPerKwh", 3)]
    public List<BigInteger> WeiPerKwh { get; set; } = [];

    [Parameter("bytes32", "assumptionsHash", 4)]
    public byte[] AssumptionsHash { get; set; } = [];
}

[Function("wearPrices", typeof(WearPricesOutput))]
internal sealed class WearPricesFunction : FunctionMessage
{
}

[FunctionOutput]
internal sealed class WearPricesOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "modelHash", 2)]
    public byte[] ModelHash { get; set; } = [];
}

[Event("WearPricesPublished")]
internal sealed class WearPricesPublishedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "modelHash", 2, false)]
    public byte[] ModelHash { get; set; } = [];

    [Parameter("bytes32", "assumptionsHash", 3, false)]
    public byte[] AssumptionsHash { get; set; } = [];

    [Parameter("bytes32[]", "chemistries", 4, false)]
    public List<byte[]> Chemistries { get; set; } = [];

    [Parameter("uint128[]", "weiPerKwh", 5, false)]
    public List<BigInteger> WeiPerKwh { get; set; } = [];
}

[Error("DispatchLedger_NotBatteryRound")]
internal sealed class DispatchLedgerNotBatteryRoundError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint32", "task", 2)]
    public uint Task { get; set; }
}

[Error("DispatchLedger_RoundNotFinalized")]
internal sealed class DispatchLedgerRoundNotFinalizedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("DispatchLedger_StaleWearRound")]
internal sealed class DispatchLedgerStaleWearRoundError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint256", "latestRoundId", 2)]
    public BigInteger LatestRoundId { get; set; }
}

[Error("DispatchLedger_InvalidWearPrices")]
internal sealed class DispatchLedgerInvalidWearPricesError
{
    [Parameter("uint256", "chemistries", 1)]
    public BigInteger Chemistries { get; set; }

    [Parameter("uint256", "prices", 2)]
    public BigInteger Prices { get; set; }
}

[Error("DispatchLedger_UnorderedChemistry")]
internal sealed class DispatchLedgerUnorderedChemistryError
{
    [Parameter("uint256", "index", 1)]
    public BigInteger Index { get; set; }
}

[Function("getOperatorDispatch", typeof(GetOperatorDispatchOutput))]
internal sealed class GetOperatorDispatchFunction : FunctionMessage
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class GetOperatorDispatchOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public OperatorDispatchData Record { get; set; } = new();
}

internal sealed class OperatorDispatchData
{
    [Parameter("bytes32", "allocationHash", 1)]
    public byte[] AllocationHash { get; set; } = [];

    [Parameter("bytes32", "deliveryHash", 2)]
    public byte[] DeliveryHash { get; set; } = [];

    [Parameter("int128", "settlement", 3)]
    public BigInteger Settlement { get; set; }

    [Parameter("bool", "settled", 4)]
    public bool Settled { get; set; }

    [Parameter("uint8", "declineReason", 5)]
    public byte DeclineReason { get; set; }

    [Parameter("uint64", "allocatedWh", 6)]
    public ulong AllocatedWh { get; set; }

    [Parameter("uint64", "deliveredWh", 7)]
    public ulong DeliveredWh { get; set; }
}

[Function("latestDispatchId", "uint256")]
internal sealed class LatestDispatchIdFunction : FunctionMessage
{
}

[Event("DispatchOpened")]
internal sealed class DispatchOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("bytes32", "requestHash", 2, false)]
    public byte[] RequestHash { get; set; } = [];

    [Parameter("uint64", "allocationDeadline", 3, false)]
    public ulong AllocationDeadline { get; set; }

    [Parameter("uint64", "deliveryDeadline", 4, false)]
    public ulong DeliveryDeadline { get; set; }
}

[Event("AllocationCommitted")]
internal sealed class AllocationCommittedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("bytes32", "allocationHash", 3, false)]
    public byte[] AllocationHash { get; set; } = [];
}

[Event("StepCommitted")]
internal sealed class StepCommittedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("uint32", "step", 3, false)]
    public uint Step { get; set; }

    [Parameter("bytes32", "stepHash", 4, false)]
    public byte[] StepHash { get; set; } = [];
}

[Event("DispatchDeclined")]
internal sealed class DispatchDeclinedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("uint8", "reason", 3, false)]
    public byte Reason { get; set; }

    [Parameter("string", "detail", 4, false)]
    public string Detail { get; set; } = string.Empty;
}

[Event("DeliveryReported")]
internal sealed class DeliveryReportedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("bytes32", "deliveryHash", 3, false)]
    public byte[] DeliveryHash { get; set; } = [];
}

[Event("DeliverySettled")]
internal sealed class DeliverySettledEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("int256", "amount", 3, false)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "taken", 4, false)]
    public BigInteger Taken { get; set; }
}

[Event("DispatchSettled")]
internal sealed class DispatchSettledEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("uint256", "totalRewards", 2, false)]
    public BigInteger TotalRewards { get; set; }

    [Parameter("uint256", "totalPenalties", 3, false)]
    public BigInteger TotalPenalties { get; set; }
}

[Error("DispatchLedger_NotOperator")]
internal sealed class DispatchLedgerNotOperatorError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("DispatchLedger_AllocationDeadlinePassed")]
internal sealed class DispatchLedgerAllocationDeadlinePassedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("DispatchLedger_DeliveryDeadlinePassed")]
internal sealed class DispatchLedgerDeliveryDeadlinePassedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("DispatchLedger_AlreadyCommitted")]
internal sealed class DispatchLedgerAlreadyCommittedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;
}

[Error("DispatchLedger_Declined")]
internal sealed class DispatchLedgerDeclinedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;
}

[Error("DispatchLedger_NoDeclineReason")]
internal sealed class DispatchLedgerNoDeclineReasonError
{
}

[Error("DispatchLedger_NotCommitted")]
internal sealed class DispatchLedgerNotCommittedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;
}

[Error("DispatchLedger_AlreadyReported")]
internal sealed class DispatchLedgerAlreadyReportedError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;
}

[Error("DispatchLedger_LengthMismatch")]
internal sealed class DispatchLedgerLengthMismatchError
{
    [Parameter("uint256", "operators", 1)]
    public BigInteger Operators { get; set; }

    [Parameter("uint256", "amounts", 2)]
    public BigInteger Amounts { get; set; }
}

[Error("DispatchLedger_NotSorted")]
internal sealed class DispatchLedgerNotSortedError
{
    [Parameter("uint256", "index", 1)]
    public BigInteger Index { get; set; }
}

[Event("RequestAccepted")]
internal sealed class RequestAcceptedEventDto : IEventDTO
{
    [Parameter("uint256", "eventId", 1, true)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "gridParty", 2, true)]
    public string GridParty { get; set; } = string.Empty;

    [Parameter("uint256", "rewardWeiPerKwh", 3, false)]
    public BigInteger RewardWeiPerKwh { get; set; }

    [Parameter("uint256", "penaltyWeiPerKwh", 4, false)]
    public BigInteger PenaltyWeiPerKwh { get; set; }
}

[Error("DispatchLedger_WrongGridSignature")]
internal sealed class DispatchLedgerWrongGridSignatureError
{
    [Parameter("address", "recovered", 1)]
    public string Recovered { get; set; } = string.Empty;

    [Parameter("address", "gridParty", 2)]
    public string GridParty { get; set; } = string.Empty;
}

[Error("DispatchLedger_NotGridParty")]
internal sealed class DispatchLedgerNotGridPartyError
{
    [Parameter("address", "gridParty", 1)]
    public string GridParty { get; set; } = string.Empty;
}

[Error("DispatchLedger_InvalidTerms")]
internal sealed class DispatchLedgerInvalidTermsError
{
    [Parameter("string", "field", 1)]
    public string Field { get; set; } = string.Empty;
}

[Error("DispatchLedger_RequestAlreadyOpened")]
internal sealed class DispatchLedgerRequestAlreadyOpenedError
{
    [Parameter("bytes32", "requestHash", 1)]
    public byte[] RequestHash { get; set; } = [];

    [Parameter("uint256", "eventId", 2)]
    public BigInteger EventId { get; set; }
}

[Error("DispatchLedger_RewardAboveTerms")]
internal sealed class DispatchLedgerRewardAboveTermsError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("uint256", "reward", 3)]
    public BigInteger Reward { get; set; }

    [Parameter("uint256", "maxReward", 4)]
    public BigInteger MaxReward { get; set; }
}

[Error("DispatchLedger_PenaltyAboveTerms")]
internal sealed class DispatchLedgerPenaltyAboveTermsError
{
    [Parameter("uint256", "eventId", 1)]
    public BigInteger EventId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = string.Empty;

    [Parameter("uint256", "penalty", 3)]
    public BigInteger Penalty { get; set; }

    [Parameter("uint256", "maxPenalty", 4)]
    public BigInteger MaxPenalty { get; set; }
}

// OpenZeppelin's ECDSA errors, raised when a request's signature is malformed.
[Error("ECDSAInvalidSignature")]
internal sealed class EcdsaInvalidSignatureError
{
}

[Error("ECDSAInvalidSignatureLength")]
internal sealed class EcdsaInvalidSignatureLengthError
{
    [Parameter("uint256", "length", 1)]
    public BigInteger Length { get; set; }
}

[Error("ECDSAInvalidSignatureS")]
internal sealed class EcdsaInvalidSignatureSError
{
    [Parameter("bytes32", "s", 1)]
    public byte[] S { get; set; } = [];
}

// OpenZeppelin's ShortStrings errors, which the EIP-712 domain's name and version could raise at deployment.
[Error("StringTooLong")]
internal sealed class StringTooLongError
{
    [Parameter("string", "str", 1)]
    public string Str { get; set; } = string.Empty;
}

[Error("InvalidShortString")]
internal sealed class InvalidShortStringError
{
}
