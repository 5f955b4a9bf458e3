using Consortium.Contracts.Bindings;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The Merkle tree a round's rewards are claimed against, hashed exactly as the RoundLedger verifies it: each leaf is
/// <c>keccak256(abi.encode(roundId, member, score, reward))</c> and each inner node the Keccak-256 of its two children in
/// ascending order (OpenZeppelin's <c>MerkleProof</c> with commutative hashing). Leaves are sorted by hash and paired
/// level by level; a node left without a partner moves up unchanged.
/// </summary>
public sealed class RewardMerkleTree
{
    private readonly Hash32[][] _levels;
    private readonly Dictionary<ChainAddress, (MemberScore Score, int Index)> _leaves;

    private RewardMerkleTree(ulong roundId, IReadOnlyList<MemberScore> scores, Hash32[][] levels, Dictionary<ChainAddress, (MemberScore, int)> leaves)
    {
        RoundId = roundId;
        Scores = scores;
        _levels = levels;
        _leaves = leaves;
        Root = levels.Length == 0 ? Hash32.Zero : levels[^1][0];
    }

    /// <summary>The round the leaves belong to.</summary>
    public ulong RoundId { get; }

    /// <summary>The scored members, in the order given.</summary>
    public IReadOnlyList<MemberScore> Scores { get; }

    /// <summary>The root the ledger stores; <see cref="Hash32.Zero"/> for a round without scored members.</summary>
    public Hash32 Root { get; }

    /// <summary>Builds the tree of <paramref name="scores"/> for round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="scores">One entry per scored member.</param>
    /// <exception cref="ArgumentException">A member appears twice, or a reward is negative.</exception>
    public static RewardMerkleTree Build(ulong roundId, IReadOnlyList<MemberScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var byMember = new Dictionary<ChainAddress, MemberScore>();
        foreach (var score in scores)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(score.Reward, nameof(scores));
            if (!byMember.TryAdd(score.Member, score))
            {
                throw new ArgumentException($"{score.Member} is scored twice.", nameof(scores));
            }
        }

        var leaves = scores
            .Select(score => (Score: score, Hash: LeafHash(roundId, score)))
            .OrderBy(leaf => leaf.Hash, HashOrder.Instance)
            .ToArray();
        var index = new Dictionary<ChainAddress, (MemberScore, int)>(leaves.Length);
        for (var i = 0; i < leaves.Length; i++)
        {
            index[leaves[i].Score.Member] = (leaves[i].Score, i);
        }

        var levels = new List<Hash32[]>();
        if (leaves.Length > 0)
        {
            var level = leaves.Select(leaf => leaf.Hash).ToArray();
            levels.Add(level);
            while (level.Length > 1)
            {
                var next = new Hash32[(level.Length + 1) / 2];
                for (var i = 0; i < next.Length; i++)
                {
                    next[i] = 2 * i + 1 < level.Length ? HashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
                }

                levels.Add(next);
                level = next;
            }
        }

        return new RewardMerkleTree(roundId, scores, [.. levels], index);
    }

    /// <summary><c>keccak256(abi.encode(roundId, member, score, reward))</c>: one member's leaf.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="score">The member's score and reward.</param>
    public static Hash32 LeafHash(ulong roundId, MemberScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Keccak.Hash(new AbiWords().Uint(roundId).Address(score.Member).Int(score.Score).Uint(score.Reward).ToArray());
    }

    /// <summary>The Keccak-256 of two nodes in ascending order, as OpenZeppelin's <c>Hashes.commutativeKeccak256</c>.</summary>
    /// <param name="a">One node.</param>
    /// <param name="b">The other.</param>
    public static Hash32 HashPair(Hash32 a, Hash32 b)
    {
        Span<byte> pair = stackalloc byte[2 * Hash32.Length];
        var (low, high) = HashOrder.Instance.Compare(a, b) <= 0 ? (a, b) : (b, a);
        low.CopyTo(pair);
        high.CopyTo(pair[Hash32.Length..]);
        return Keccak.Hash(pair);
    }

    /// <summary>Whether <paramref name="proof"/> leads from <paramref name="leaf"/> to <paramref name="root"/>, as the contract checks it.</summary>
    /// <param name="root">The expected root.</param>
    /// <param name="leaf">The leaf hash.</param>
    /// <param name="proof">The sibling hashes, leaf upwards.</param>
    public static bool Verify(Hash32 root, Hash32 leaf, IReadOnlyList<Hash32> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var computed = leaf;
        foreach (var sibling in proof)
        {
            computed = HashPair(computed, sibling);
        }

        return computed == root;
    }

    /// <summary>Whether <paramref name="member"/> has a leaf.</summary>
    /// <param name="member">The member.</param>
    public bool Contains(ChainAddress member) => _leaves.ContainsKey(member);

    /// <summary>The score and reward of <paramref name="member"/>.</summary>
    /// <param name="member">A scored member.</param>
    /// <exception cref="KeyNotFoundException">The member has no leaf.</exception>
    public MemberScore GetScore(ChainAddress member) =>
        _leaves.TryGetValue(member, out var leaf) ? leaf.Score : throw new KeyNotFoundException($"{member} has no leaf in round {RoundId}.");

    /// <summary>The sibling hashes from <paramref name="member"/>'s leaf to the root: what it claims with.</summary>
    /// <param name="member">A scored member.</param>
    /// <exception cref="KeyNotFoundException">The member has no leaf.</exception>
    public IReadOnlyList<Hash32> GetProof(ChainAddress member)
    {
        if (!_leaves.TryGetValue(member, out var leaf))
        {
            throw new KeyNotFoundException($"{member} has no leaf in round {RoundId}.");
        }

        var proof = new List<Hash32>(_levels.Length);
        var index = leaf.Index;
        for (var depth = 0; depth < _levels.Length - 1; depth++)
        {
            var sibling = index ^ 1;
            if (sibling < _levels[depth].Length)
            {
                proof.Add(_levels[depth][sibling]);
            }

            index /= 2;
        }

        return proof;
    }

    /// <summary>Orders hashes as the EVM orders <c>bytes32</c>: as unsigned big-endian numbers.</summary>
    private sealed class HashOrder : IComparer<Hash32>
    {
        public static readonly HashOrder Instance = new();

        public int Compare(Hash32 x, Hash32 y)
        {
            Span<byte> left = stackalloc byte[Hash32.Length];
            Span<byte> right = stackalloc byte[Hash32.Length];
            x.CopyTo(left);
            y.CopyTo(right);
            return left.SequenceCompareTo(right);
        }
    }
}
