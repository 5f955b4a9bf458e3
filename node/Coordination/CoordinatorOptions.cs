using System.Numerics;

namespace Consortium.Node.Coordination;

/// <summary>How the coordinator runs rounds.</summary>
/// <param name="LocalEpochs">Passes over each member's training windows per round.</param>
/// <param name="Seed">Base seed; round r trains with seed + r.</param>
/// <param name="RewardPerRound">Tokens (base units) shared among members in proportion to positive scores.</param>
/// <param name="TrainTimeout">How long a member may take to train.</param>
/// <param name="EvaluateTimeout">How long a member may take to evaluate.</param>
/// <param name="RoundDeadline">Commit deadline written on chain when a round opens.</param>
public sealed record CoordinatorOptions(
    int LocalEpochs,
    long Seed,
    BigInteger RewardPerRound,
    TimeSpan TrainTimeout,
    TimeSpan EvaluateTimeout,
    TimeSpan RoundDeadline);
