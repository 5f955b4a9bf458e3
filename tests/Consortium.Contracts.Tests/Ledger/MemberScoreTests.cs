using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

public sealed class MemberScoreTests
{
    private static readonly ChainAddress Member = ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    [Theory]
    [InlineData(0.25, 250_000)]
    [InlineData(-0.0000015, -2)]
    [InlineData(1.0000004, 1_000_000)]
    public void RealScoreIsRoundedToTheNearestMillionth(double score, long expected)
    {
        var result = MemberScore.FromValue(Member, score, 0);

        Assert.Equal(expected, result.Score);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e20)]
    public void UnrepresentableScoreIsRejected(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MemberScore.FromValue(Member, score, 0));
    }
}
