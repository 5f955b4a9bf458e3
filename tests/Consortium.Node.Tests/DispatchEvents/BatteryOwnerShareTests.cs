using System.Numerics;
using Consortium.Node.DispatchEvents;

namespace Consortium.Node.Tests.DispatchEvents;

public sealed class BatteryOwnerShareTests
{
    private static readonly DispatchSettlementRule Rule = new(RewardWeiPerKwh: 1000, PenaltyWeiPerKwh: 10_000);

    [Fact]
    public void OwnersGetTheRewardRateOnEveryKwhTheirBatteriesDischarged()
    {
        var settlement = new OperatorSettlement(AllocatedKwh: 40, TrackedKwh: 38, ExcessDeviationKwh: 0, RewardWei: 38_000, PenaltyWei: 0);

        Assert.Equal((BigInteger)12_500, BatteryOwnerShare.Wei(Rule, settlement, 12.5));
        Assert.Equal(BigInteger.Zero, BatteryOwnerShare.Wei(Rule, settlement, 0));
    }

    [Fact]
    public void OwnersNeverGetMoreThanTheOperatorsReward()
    {
        var settlement = new OperatorSettlement(AllocatedKwh: 40, TrackedKwh: 5, ExcessDeviationKwh: 30, RewardWei: 5_000, PenaltyWei: 300_000);

        Assert.Equal((BigInteger)5_000, BatteryOwnerShare.Wei(Rule, settlement, 12.5));
        Assert.Equal(BigInteger.Zero, BatteryOwnerShare.Wei(Rule, settlement with { RewardWei = 0 }, 12.5));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void DischargedEnergyMustBeFiniteAndNotNegative(double dischargedKwh)
    {
        var settlement = new OperatorSettlement(1, 1, 0, 1000, 0);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatteryOwnerShare.Wei(Rule, settlement, dischargedKwh));

        Assert.Equal("dischargedKwh", error.ParamName);
    }
}
