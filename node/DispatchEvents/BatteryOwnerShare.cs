using System.Numerics;

namespace Consortium.Node.DispatchEvents;

/// <summary>
/// The part of an operator's dispatch reward that passes to the owners of the batteries it discharged, as their
/// compensation for the wear: the reward rate on every kWh their batteries sent to the grid, never more than the
/// operator's reward.
/// <code>
/// owners = min(RewardWei, RewardWeiPerKwh · discharged kWh)
/// </code>
/// Reported beside the operator's wear cost, not settled on chain: the ledger pays the operator, which passes this on.
/// The reward is in tokens and the wear in the consortium's currency, so whether the share covers the wear depends on
/// the token's price; the report shows both.
/// </summary>
public static class BatteryOwnerShare
{
    /// <summary>The owners' share of <paramref name="settlement"/>'s reward for <paramref name="dischargedKwh"/> discharged, in wei.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The discharged energy is negative or not finite.</exception>
    public static BigInteger Wei(DispatchSettlementRule rule, OperatorSettlement settlement, double dischargedKwh)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(settlement);
        if (!(dischargedKwh >= 0 && double.IsFinite(dischargedKwh)))
        {
            throw new ArgumentOutOfRangeException(nameof(dischargedKwh), dischargedKwh, "The discharged energy must be a finite number of kWh of zero or more.");
        }

        var onDischarge = new BigInteger(Math.Round(dischargedKwh * 1000, MidpointRounding.AwayFromZero)) * rule.RewardWeiPerKwh / 1000;
        return BigInteger.Max(BigInteger.Zero, BigInteger.Min(settlement.RewardWei, onDischarge));
    }
}
