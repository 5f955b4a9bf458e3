using System.Numerics;
using Consortium.Contracts.Bindings;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// A round's result as the coordinator commits to it: every scored member's score and reward (the reward Merkle tree),
/// the members excluded and why, the pool (the sum of the rewards) and the hashes the ledger stores. Members are held in
/// ascending address order, so anyone holding the same data recomputes the same hashes: what an auditor checks against
/// <see cref="RoundState"/> with <see cref="Matches"/>.
/// </summary>
public sealed class RoundScoreTable
{
    private RoundScoreTable(ulong roundId, IReadOnlyList<MemberScore> scores, IReadOnlyList<MemberExclusion> exclusions)
    {
        RoundId = roundId;
        Scores = scores;
        Exclusions = exclusions;
        Tree = RewardMerkleTree.Build(roundId, scores);
        RewardPool = scores.Aggregate(BigInteger.Zero, (total, score) => total + score.Reward);
        ScoreTableHash = HashScores(roundId, scores);
        ExclusionsHash = HashExclusions(exclusions);
    }

    /// <summary>The round.</summary>
    public ulong RoundId { get; }

    /// <summary>The scored members in ascending address order.</summary>
    public IReadOnlyList<MemberScore> Scores { get; }

    /// <summary>The excluded members in ascending address order.</summary>
    public IReadOnlyList<MemberExclusion> Exclusions { get; }

    /// <summary>The tree members claim their rewards against.</summary>
    public RewardMerkleTree Tree { get; }

    /// <summary>The reward tree's root.</summary>
    public Hash32 RewardRoot => Tree.Root;

    /// <summary>The sum of the rewards: what the ledger mints for the round.</summary>
    public BigInteger RewardPool { get; }

    /// <summary><c>keccak256(abi.encode(roundId, members, scores, rewards))</c> over the scored members in ascending order.</summary>
    public Hash32 ScoreTableHash { get; }

    /// <summary><c>keccak256(abi.encode(members, reasons))</c> over the exclusions; <see cref="Hash32.Zero"/> when there are none.</summary>
    public Hash32 ExclusionsHash { get; }

    /// <summary>Builds the table of round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="scores">Each scored member's score and reward.</param>
    /// <param name="exclusions">Each excluded member with its reason; none may also be scored.</param>
    /// <exception cref="ArgumentException">A member appears twice, is both scored and excluded, has a negative reward, or an exclusion has no reason.</exception>
    public static RoundScoreTable Create(ulong roundId, IReadOnlyList<MemberScore> scores, IReadOnlyList<MemberExclusion> exclusions)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(exclusions);
        var scored = scores.Select(score => score.Member).ToHashSet();
        var excluded = new HashSet<ChainAddress>();
        foreach (var exclusion in exclusions)
        {
            if (exclusion.Reason is ExclusionReason.None || !Enum.IsDefined(exclusion.Reason))
            {
                throw new ArgumentException($"{exclusion.Member} is excluded without a reason.", nameof(exclusions));
            }

            if (!excluded.Add(exclusion.Member) || scored.Contains(exclusion.Member))
            {
                throw new ArgumentException($"{exclusion.Member} is excluded twice, or both scored and excluded.", nameof(exclusions));
            }
        }

        return new RoundScoreTable(
            roundId,
            [.. scores.OrderBy(score => score.Member, AddressOrder.Instance)],
            Sorted(exclusions));
    }

    /// <summary>The exclusions in the ascending address order the ledger requires.</summary>
    /// <param name="exclusions">The exclusions in any order.</param>
    public static IReadOnlyList<MemberExclusion> Sorted(IEnumerable<MemberExclusion> exclusions) =>
        [.. exclusions.OrderBy(exclusion => exclusion.Member, AddressOrder.Instance)];

    /// <summary><c>keccak256(abi.encode(roundId, members, scores, rewards))</c> over <paramref name="scores"/> in the order given.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="scores">The scored members.</param>
    public static Hash32 HashScores(ulong roundId, IReadOnlyList<MemberScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Keccak.Hash(new AbiWords()
            .Uint(roundId)
            .Array([.. scores.Select(score => AbiWords.EncodeAddress(score.Member))])
            .Array([.. scores.Select(score => AbiWords.Encode(score.Score))])
            .Array([.. scores.Select(score => AbiWords.Encode(score.Reward))])
            .ToArray());
    }

    /// <summary><c>keccak256(abi.encode(members, reasons))</c> over <paramref name="exclusions"/> in the order given; zero when empty.</summary>
    /// <param name="exclusions">The exclusions.</param>
    public static Hash32 HashExclusions(IReadOnlyList<MemberExclusion> exclusions)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        if (exclusions.Count == 0)
        {
            return Hash32.Zero;
        }

        return Keccak.Hash(new AbiWords()
            .Array([.. exclusions.Select(exclusion => AbiWords.EncodeAddress(exclusion.Member))])
            .Array([.. exclusions.Select(exclusion => AbiWords.Encode((int)exclusion.Reason))])
            .ToArray());
    }

    /// <summary>The proof <paramref name="member"/> claims its reward with.</summary>
    /// <param name="member">A scored member.</param>
    /// <exception cref="KeyNotFoundException">The member is not scored.</exception>
    public IReadOnlyList<Hash32> GetProof(ChainAddress member) => Tree.GetProof(member);

    /// <summary>Whether the ledger's record of the finalized round commits to exactly this table.</summary>
    /// <param name="round">The round as <see cref="RoundLedgerClient.GetRoundAsync"/> read it.</param>
    public bool Matches(RoundState round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return round.RoundId == RoundId
            && round.Status == RoundStatus.Finalized
            && round.RewardRoot == RewardRoot
            && round.ScoreTableHash == ScoreTableHash
            && round.ExclusionsHash == ExclusionsHash
            && round.RewardPool == RewardPool
            && round.ScoredMembers == Scores.Count
            && round.ExcludedMembers == Exclusions.Count;
    }

    /// <summary>Orders addresses as the EVM compares them: as unsigned 160-bit numbers.</summary>
    internal sealed class AddressOrder : IComparer<ChainAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(ChainAddress x, ChainAddress y) =>
            string.CompareOrdinal(x.ToString().ToLowerInvariant(), y.ToString().ToLowerInvariant());
    }
}
