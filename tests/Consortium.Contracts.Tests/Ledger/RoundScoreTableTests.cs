using Consortium.Contracts.Ledger;
using Nethereum.ABI;
using System.Numerics;

namespace Consortium.Contracts.Tests.Ledger;

public sealed class RoundScoreTableTests
{
    private static readonly ChainAddress Low = ChainAddress.Parse("0x1000000000000000000000000000000000000001");
    private static readonly ChainAddress High = ChainAddress.Parse("0xF000000000000000000000000000000000000002");

    [Fact]
    public void MembersAreOrderedByAddressWhateverTheInputOrder()
    {
        var forwards = RoundScoreTable.Create(3, [new MemberScore(Low, 1, 1), new MemberScore(High, 2, 2)], []);
        var backwards = RoundScoreTable.Create(3, [new MemberScore(High, 2, 2), new MemberScore(Low, 1, 1)], []);

        Assert.Equal([Low, High], backwards.Scores.Select(s => s.Member));
        Assert.Equal(forwards.ScoreTableHash, backwards.ScoreTableHash);
        Assert.Equal(forwards.RewardRoot, backwards.RewardRoot);
        Assert.Equal(new BigInteger(3), backwards.RewardPool);
    }

    [Fact]
    public void TheScoreTableHashIsTheKeccakOfTheAbiEncoding()
    {
        var table = RoundScoreTable.Create(9, [new MemberScore(High, -2, 20), new MemberScore(Low, 1, 10)], []);
        var encoded = new ABIEncode().GetABIEncoded(
            new ABIValue("uint256", new BigInteger(9)),
            new ABIValue("address[]", new List<string> { Low.ToString(), High.ToString() }),
            new ABIValue("int256[]", new List<BigInteger> { 1, -2 }),
            new ABIValue("uint256[]", new List<BigInteger> { 10, 20 }));

        Assert.Equal(Keccak.Hash(encoded), table.ScoreTableHash);
    }

    [Fact]
    public void TheExclusionsHashIsTheKeccakOfTheAbiEncodingAndZeroWithoutExclusions()
    {
        var table = RoundScoreTable.Create(1, [], [new MemberExclusion(High, ExclusionReason.Malicious), new MemberExclusion(Low, ExclusionReason.MissedDeadline)]);
        var encoded = new ABIEncode().GetABIEncoded(
            new ABIValue("address[]", new List<string> { Low.ToString(), High.ToString() }),
            new ABIValue("uint8[]", new List<BigInteger> { 1, 4 }));

        Assert.Equal(Keccak.Hash(encoded), table.ExclusionsHash);
        Assert.True(RoundScoreTable.Create(1, [], []).ExclusionsHash.IsZero);
    }

    [Fact]
    public void AMemberCannotBeBothScoredAndExcludedNorExcludedWithoutAReason()
    {
        Assert.Throws<ArgumentException>(() => RoundScoreTable.Create(1, [new MemberScore(Low, 1, 1)], [new MemberExclusion(Low, ExclusionReason.Malicious)]));
        Assert.Throws<ArgumentException>(() => RoundScoreTable.Create(1, [], [new MemberExclusion(Low, ExclusionReason.None)]));
        Assert.Throws<ArgumentException>(() => RoundScoreTable.Create(1, [], [new MemberExclusion(Low, ExclusionReason.Malicious), new MemberExclusion(Low, ExclusionReason.NotDelivered)]));
    }
}
