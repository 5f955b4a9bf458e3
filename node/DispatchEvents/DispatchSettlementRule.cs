using System.Numerics;
using Consortium.Dispatch.Fleets;

namespace Consortium.Node.DispatchEvents;

/// <summary>What one operator earns or loses for an event under a <see cref="DispatchSettlementRule"/>.</summary>
/// <param name="AllocatedKwh">Grid energy of the allocation, summed over steps in absolute value, kWh.</param>
/// <param name="TrackedKwh">Metered energy that followed the allocation: per step, the smaller of allocated and metered energy when both flow the same way, kWh.</param>
/// <param name="ExcessDeviationKwh">Metered deviation from the allocation beyond the tolerance, summed over steps, kWh.</param>
/// <param name="RewardWei">Reward for the tracked energy, in token base units.</param>
/// <param name="PenaltyWei">Penalty for the excess deviation, in token base units.</param>
public sealed record OperatorSettlement(double AllocatedKwh, double TrackedKwh, double ExcessDeviationKwh, BigInteger RewardWei, BigInteger PenaltyWei)
{
    /// <summary>Reward minus penalty: minted to the operator when positive, slashed from its stake when negative.</summary>
    public BigInteger AmountWei => RewardWei - PenaltyWei;
}

/// <summary>
/// How an event is settled, per operator and per step t, with Aₜ its allocated grid energy (allocated kW × step hours)
/// and Mₜ its metered energy:
/// <code>
/// trackedₜ = min(|Aₜ|, |Mₜ|) when Aₜ and Mₜ flow the same way, else 0
/// excessₜ  = max(0, |Mₜ − Aₜ| − max(AbsoluteToleranceKwh, RelativeTolerance · |Aₜ|))
/// amount   = RewardWeiPerKwh · Σ trackedₜ − PenaltyWeiPerKwh · Σ excessₜ
/// </code>
/// Energies are rounded to whole Wh before they are priced, so the amount is an exact integer of token base units (wei;
/// 10¹⁸ per token). The ledger takes one signed amount per operator: positive is minted as a reward, negative slashed
/// from the operator's stake (never more than the stake).
/// </summary>
/// <param name="RewardWeiPerKwh">Reward per kWh tracked; default 10¹⁵ (0.001 token).</param>
/// <param name="PenaltyWeiPerKwh">Penalty per kWh of deviation beyond tolerance; default 10¹⁶ (0.01 token), ten times the reward, so an
/// operator whose deviation beyond tolerance reaches a tenth of the energy it tracked earns nothing.</param>
/// <param name="RelativeTolerance">Deviation tolerated per step as a share of the allocated energy; default 2 %.</param>
/// <param name="AbsoluteToleranceKwh">Deviation always tolerated per step; default 0.5 kWh (a few vehicles' rounding).</param>
public sealed record DispatchSettlementRule(
    BigInteger RewardWeiPerKwh,
    BigInteger PenaltyWeiPerKwh,
    double RelativeTolerance = 0.02,
    double AbsoluteToleranceKwh = 0.5)
{
    /// <summary>0.001 token per kWh tracked, 0.01 token per kWh beyond a tolerance of 2 % (at least 0.5 kWh) per step.</summary>
    public static DispatchSettlementRule Default { get; } = new(BigInteger.Pow(10, 15), BigInteger.Pow(10, 16));

    /// <summary>Settles one operator from its allocated aggregate (kW per step) and its metered energy (kWh per step).</summary>
    public OperatorSettlement Settle(ReadOnlySpan<double> allocatedKw, ReadOnlySpan<double> meteredKwh)
    {
        if (allocatedKw.Length != meteredKwh.Length)
        {
            throw new ArgumentException($"The allocation has {allocatedKw.Length} steps, the metered delivery {meteredKwh.Length}.", nameof(meteredKwh));
        }

        if (RewardWeiPerKwh < 0 || PenaltyWeiPerKwh < 0 || !(RelativeTolerance >= 0) || !(AbsoluteToleranceKwh >= 0))
        {
            throw new ArgumentException("Rates and tolerances must be zero or more.");
        }

        double allocatedKwh = 0, tracked = 0, excess = 0;
        for (var t = 0; t < allocatedKw.Length; t++)
        {
            var allocated = allocatedKw[t] * FleetRequest.StepHours;
            var metered = meteredKwh[t];
            allocatedKwh += Math.Abs(allocated);
            if (Math.Sign(allocated) == Math.Sign(metered))
            {
                tracked += Math.Min(Math.Abs(allocated), Math.Abs(metered));
            }

            var tolerance = Math.Max(AbsoluteToleranceKwh, RelativeTolerance * Math.Abs(allocated));
            excess += Math.Max(0, Math.Abs(metered - allocated) - tolerance);
        }

        return new OperatorSettlement(allocatedKwh, tracked, excess, Price(tracked, RewardWeiPerKwh), Price(excess, PenaltyWeiPerKwh));
    }

    /// <summary>
    /// <paramref name="settlement"/> within what the dispatch ledger allows for the energy the operator committed and
    /// reported with its own key: a reward of at most the rate times the smaller of the two, a penalty of at most the
    /// penalty rate times their sum. The rule's own amounts stay within these bounds when both sides measure the same
    /// allocation; this guards against the coordinator's copy of an allocation differing in the last Wh.
    /// </summary>
    public OperatorSettlement Bounded(OperatorSettlement settlement, ulong allocatedWh, ulong deliveredWh)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var maxReward = RewardWeiPerKwh * Math.Min(allocatedWh, deliveredWh) / 1000;
        var maxPenalty = PenaltyWeiPerKwh * ((BigInteger)allocatedWh + deliveredWh) / 1000;
        return settlement with
        {
            RewardWei = BigInteger.Min(settlement.RewardWei, maxReward),
            PenaltyWei = BigInteger.Min(settlement.PenaltyWei, maxPenalty),
        };
    }

    private static BigInteger Price(double kwh, BigInteger weiPerKwh) => new BigInteger(Math.Round(kwh * 1000, MidpointRounding.AwayFromZero)) * weiPerKwh / 1000;
}
