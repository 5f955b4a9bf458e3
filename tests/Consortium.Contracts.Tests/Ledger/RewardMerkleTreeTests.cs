using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

public sealed class RewardMerkleTreeTests
{
    private static readonly ChainAddress Alice = ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly ChainAddress Bob = ChainAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    [Fact]
    public void TheLeafIsTheKeccakOfTheAbiEncodedTuple()
    {
        var encoded = Convert.FromHexString(
            "0000000000000000000000000000000000000000000000000000000000000007" +
            "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" +
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff3cb0" +
            "00000000000000000000000000000000000000000000000000000000000003e8");

        Assert.Equal(Keccak.Hash(encoded), RewardMerkleTree.LeafHash(7, new MemberScore(Alice, -50_000, 1_000)));
    }

    [Fact]
    public void ASingleLeafIsItsOwnRootWithAnEmptyProof()
    {
        var tree = RewardMerkleTree.Build(1, [new MemberScore(Alice, 1, 2)]);

        Assert.Equal(RewardMerkleTree.LeafHash(1, new MemberScore(Alice, 1, 2)), tree.Root);
        Assert.Empty(tree.GetProof(Alice));
    }

    [Fact]
    public void AnEmptyTreeHasTheZeroRoot()
    {
        Assert.True(RewardMerkleTree.Build(1, []).Root.IsZero);
    }

    [Fact]
    public void PairsAreHashedInAscendingOrder()
    {
        var a = Keccak.Hash("a"u8);
        var b = Keccak.Hash("b"u8);

        Assert.Equal(RewardMerkleTree.HashPair(a, b), RewardMerkleTree.HashPair(b, a));
    }

    [Fact]
    public void AMemberScoredTwiceOrANegativeRewardIsRefused()
    {
        Assert.Throws<ArgumentException>(() => RewardMerkleTree.Build(1, [new MemberScore(Alice, 1, 1), new MemberScore(Alice, 2, 2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardMerkleTree.Build(1, [new MemberScore(Bob, 1, -1)]));
        Assert.Throws<KeyNotFoundException>(() => RewardMerkleTree.Build(1, [new MemberScore(Bob, 1, 1)]).GetProof(Alice));
    }

    [Fact]
    public void EveryProofOfEveryTreeSizeVerifiesAndNoLeafVerifiesWithAnotherRound()
    {
        for (var size = 1; size <= 33; size++)
        {
            var scores = Enumerable.Range(0, size)
                .Select(i => new MemberScore(ChainAccount.Generate().Address, (i * 7919L) - 100_000, new BigInteger(i * 1_000)))
                .ToArray();
            var tree = RewardMerkleTree.Build(5, scores);
            foreach (var score in scores)
            {
                var proof = tree.GetProof(score.Member);
                Assert.True(RewardMerkleTree.Verify(tree.Root, RewardMerkleTree.LeafHash(5, score), proof));
                Assert.False(RewardMerkleTree.Verify(tree.Root, RewardMerkleTree.LeafHash(6, score), proof));
                Assert.InRange(proof.Count, 0, (int)Math.Ceiling(Math.Log2(size)));
            }
        }
    }
}

/// <summary>The C# tree against the contract: every member of trees of several sizes claims with the C# proof.</summary>
[Collection(AnvilCollection.Name)]
public sealed class RewardMerkleTreeContractTests(AnvilFixture anvil)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task TheContractAcceptsEveryProofTheTreeGives(int members)
    {
        var (coordinator, accounts) = await anvil.DeployWithMembersAsync(members);

        var table = await LedgerScenario.RunRoundAsync(coordinator, accounts, i => new BigInteger(1_000 + i));
        foreach (var account in accounts)
        {
            await coordinator.Rounds.ClaimRewardAsync(table, LedgerScenario.AddressOf(account));
        }

        var round = await coordinator.Rounds.GetRoundAsync(table.RoundId);
        Assert.Equal(table.RewardPool, round.RewardClaimed);
        Assert.True(table.Matches(round));
    }
}
