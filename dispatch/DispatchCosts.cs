using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch;

/// <summary>
/// The prices a dispatch weighs, in the consortium's currency per kWh. The objective every solver here minimises
/// (the ADMM coordinator and the centralized reference alike) is
/// <code>
/// J = Σₜ Δt · penalty · |Aₜ − Tₜ|  +  Σᵢ Σₜ Δt · wear · dᵢₜ  +  Σᵢ shortfall · sᵢ
/// </code>
/// where Aₜ is the fleets' aggregate power and Tₜ the target at step t (kW), dᵢₜ the power vehicle i discharges to the
/// grid (kW), sᵢ the energy vehicle i still misses at departure (kWh) and Δt a 15-minute step in hours.
/// </summary>
/// <param name="DeviationPenaltyPerKwh">What each kWh of deviation from the target costs (the grid party's penalty).</param>
/// <param name="WearCostPerKwh">Battery wear per kWh discharged to the grid (later fed by the automakers' battery-health model).</param>
/// <param name="ShortfallPenaltyPerKwh">What each kWh a driver misses at departure costs; far above the others so that
/// drivers' needs are met whenever that is physically possible.</param>
public sealed record DispatchCosts(
    double DeviationPenaltyPerKwh = 1.00,
    double WearCostPerKwh = 0.05,
    double ShortfallPenaltyPerKwh = 10)
{
    /// <summary>The defaults: £1 per kWh of deviation, £0.05 per kWh of wear, £10 per kWh a driver misses.</summary>
    public static DispatchCosts Default { get; } = new();

    /// <summary>
    /// A wear price at which charging and discharging one vehicle at once never pays against a deviation price of
    /// <paramref name="deviationPerKwh"/>: burning d kWh lets the grid draw d·<paramref name="roundTripLoss"/> kWh more for
    /// the same battery energy (see <see cref="Fleet.WorstRoundTripLoss"/>), so wear 1 % above that times the price
    /// outprices it. Never below this wear.
    /// </summary>
    public double BurnFreeWear(double deviationPerKwh, double roundTripLoss) =>
        Math.Max(WearCostPerKwh, 1.01 * deviationPerKwh * roundTripLoss);

    /// <summary>Throws when a price is negative or not finite, naming it.</summary>
    public void Validate()
    {
        Require(DeviationPenaltyPerKwh, nameof(DeviationPenaltyPerKwh));
        Require(WearCostPerKwh, nameof(WearCostPerKwh));
        Require(ShortfallPenaltyPerKwh, nameof(ShortfallPenaltyPerKwh));
        if (!(DeviationPenaltyPerKwh > 0))
        {
            throw new ArgumentException("The deviation penalty must be positive, or nothing asks the fleets to track.", nameof(DeviationPenaltyPerKwh));
        }
    }

    private static void Require(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"{name} must be a finite price of zero or more, not {value}.", name);
        }
    }
}
