using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of RoundLedger.sol / IRoundLedger.sol; kept in step with the
// compiled ABI by ContractBindingTests.

internal sealed class RoundLedgerDeployment : ContractDeploymentMessage
{
    public RoundLedgerDeployment()
        : base(ContractArtifact.RoundLedger.Bytecode)
    {
    }

    [Parameter("address", "registry", 1)]
    public string Registry { get; set; } = string.Empty;
}

[Function("openRound", "uint256")]
internal sealed class OpenRoundFunction : FunctionMessage
{
    [Parameter("bytes32", "globalModelHash", 1)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Function("commitUpdate")]
internal sealed class CommitUpdateFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "updateHash", 2)]
    public byte[] UpdateHash { get; set; } = [];
}

[Function("finalizeRound")]
internal sealed class FinalizeRoundFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "newModelHash", 2)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("address[]", "scoredMembers", 3)]
    public List<string> ScoredMembers { get; set; } = [];

    [Parameter("int256[]", "scores", 4)]
    public List<BigInteger> Scores { get; set; } = [];

    [Parameter("uint256[]", "rewards", 5)]
    public List<BigInteger> Rewards { get; set; } = [];
}

[Function("transferCoordinator")]
internal sealed class TransferCoordinatorFunction : FunctionMessage
{
    [Parameter("address", "newCoordinator", 1)]
    public string NewCoordinator { get; set; } = string.Empty;
}

[Function("getRound", typeof(GetRoundOutput))]
internal sealed class GetRoundFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[FunctionOutput]
internal sealed class GetRoundOutput : IFunctionOutputDTO
{
    [Parameter("uint8", "status", 1)]
    public byte Status { get; set; }

    [Parameter("bytes32", "globalModelHash", 2)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("bytes32", "newModelHash", 3)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("uint64", "deadline", 4)]
    public ulong Deadline { get; set; }

    [Parameter("uint32", "commitCount", 5)]
    public uint CommitCount { get; set; }

    [Parameter("uint64", "openedAtBlock", 6)]
    public ulong OpenedAtBlock { get; set; }

    [Parameter("uint64", "finalizedAtBlock", 7)]
    public ulong FinalizedAtBlock { get; set; }
}

[Function("getCommitment", typeof(GetCommitmentOutput))]
internal sealed class GetCommitmentFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class GetCommitmentOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "updateHash", 1)]
    public byte[] UpdateHash { get; set; } = [];

    [Parameter("uint64", "committedAtBlock", 2)]
    public ulong CommittedAtBlock { get; set; }

    [Parameter("bool", "scored", 3)]
    public bool Scored { get; set; }

    [Parameter("int256", "score", 4)]
    public BigInteger Score { get; set; }

    [Parameter("uint256", "reward", 5)]
    public BigInteger Reward { get; set; }
}

[Function("latestRoundId", "uint256")]
internal sealed class LatestRoundIdFunction : FunctionMessage
{
}

[Function("coordinator", "address")]
internal sealed class CoordinatorFunction : FunctionMessage
{
}

[Function("memberRegistry", "address")]
internal sealed class MemberRegistryFunction : FunctionMessage
{
}

[Function("rewardToken", "address")]
internal sealed class RewardTokenFunction : FunctionMessage
{
}

[Event("RoundOpened")]
internal sealed class RoundOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "globalModelHash", 2, false)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("uint64", "deadline", 3, false)]
    public ulong Deadline { get; set; }
}

[Event("UpdateCommitted")]
internal sealed class UpdateCommittedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("bytes32", "updateHash", 3, false)]
    public byte[] UpdateHash { get; set; } = [];
}

[Event("MemberScored")]
internal sealed class MemberScoredEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("int256", "score", 3, false)]
    public BigInteger Score { get; set; }

    [Parameter("uint256", "reward", 4, false)]
    public BigInteger Reward { get; set; }
}

[Event("RoundFinalized")]
internal sealed class RoundFinalizedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "newModelHash", 2, false)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("uint256", "scoredMembers", 3, false)]
    public BigInteger ScoredMembers { get; set; }

    [Parameter("uint256", "totalReward", 4, false)]
    public BigInteger TotalReward { get; set; }
}

[Event("CoordinatorTransferred")]
internal sealed class CoordinatorTransferredEventDto : IEventDTO
{
    [Parameter("address", "previousCoordinator", 1, true)]
    public string PreviousCoordinator { get; set; } = string.Empty;

    [Parameter("address", "newCoordinator", 2, true)]
    public string NewCoordinator { get; set; } = string.Empty;
}

[Error("Rounds_NotCoordinator")]
internal sealed class RoundsNotCoordinatorError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;
}

[Error("Rounds_NotMember")]
internal sealed class RoundsNotMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("Rounds_UnknownRound")]
internal sealed class RoundsUnknownRoundError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("Rounds_RoundClosed")]
internal sealed class RoundsRoundClosedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("Rounds_DeadlinePassed")]
internal sealed class RoundsDeadlinePassedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("Rounds_DeadlineNotInFuture")]
internal sealed class RoundsDeadlineNotInFutureError
{
    [Parameter("uint64", "deadline", 1)]
    public ulong Deadline { get; set; }

    [Parameter("uint256", "blockTimestamp", 2)]
    public BigInteger BlockTimestamp { get; set; }
}

[Error("Rounds_ZeroHash")]
internal sealed class RoundsZeroHashError
{
}

[Error("Rounds_AlreadyCommitted")]
internal sealed class RoundsAlreadyCommittedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("Rounds_NotCommitted")]
internal sealed class RoundsNotCommittedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("Rounds_AlreadyScored")]
internal sealed class RoundsAlreadyScoredError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("Rounds_LengthMismatch")]
internal sealed class RoundsLengthMismatchError
{
    [Parameter("uint256", "members", 1)]
    public BigInteger Members { get; set; }

    [Parameter("uint256", "scores", 2)]
    public BigInteger Scores { get; set; }

    [Parameter("uint256", "rewards", 3)]
    public BigInteger Rewards { get; set; }
}

[Error("Rounds_ScoreOutOfRange")]
internal sealed class RoundsScoreOutOfRangeError
{
    [Parameter("int256", "score", 1)]
    public BigInteger Score { get; set; }
}

[Error("Rounds_ZeroAddress")]
internal sealed class RoundsZeroAddressError
{
}
