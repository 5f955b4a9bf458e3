using System.Text.Json.Serialization;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch;

/// <summary>
/// The prices a dispatch weighs, in the consortium's currency per kWh. The objective every solver here minimises
/// (the ADMM coordinator and the centralized reference alike) is
/// <code>
/// J = Σₜ Δt · penalty · |Aₜ − Tₜ|  +  Σᵢ Σₜ Δt · wearᵢ · dᵢₜ  +  Σᵢ shortfall · sᵢ
/// </code>
/// where Aₜ is the fleets' aggregate power and Tₜ the target at step t (kW), dᵢₜ the power vehicle i discharges to the
/// grid (kW), wearᵢ the wear price of vehicle i's pack chemistry (<see cref="WearPriceOf"/>), sᵢ the energy vehicle i
/// still misses at departure (kWh) and Δt a 15-minute step in hours.
/// </summary>
/// <param name="DeviationPenaltyPerKwh">What each kWh of deviation from the target costs (the grid party's penalty).</param>
/// <param name="WearCostPerKwh">Battery wear per kWh discharged to the grid, the same for every chemistry; used only where
/// <paramref name="WearPrices"/> is null.</param>
/// <param name="ShortfallPenaltyPerKwh">What each kWh a driver misses at departure costs; far above the others so that
/// drivers' needs are met whenever that is physically possible.</param>
/// <param name="WearPrices">The wear price per kWh discharged of each pack chemistry (<see cref="WearPriceBook"/>); when
/// null, every chemistry is priced at <paramref name="WearCostPerKwh"/>, as dispatch did before prices were per chemistry.</param>
public sealed record DispatchCosts(
    double DeviationPenaltyPerKwh = 1.00,
    double WearCostPerKwh = 0.05,
    double ShortfallPenaltyPerKwh = 10,
    [property: JsonIgnore] WearPriceBook? WearPrices = null)
{
    /// <summary>The defaults: £1 per kWh of deviation, £0.05 per kWh of wear, £10 per kWh a driver misses.</summary>
    public static DispatchCosts Default { get; } = new();

    /// <summary>The wear prices charged: <see cref="WearPrices"/>, or <see cref="WearCostPerKwh"/> for every chemistry.</summary>
    [JsonIgnore]
    public WearPriceBook WearBook => WearPrices ?? WearPriceBook.Uniform(WearCostPerKwh);

    /// <summary>The wear price per kWh discharged from a pack of <paramref name="chemistry"/>.</summary>
    public double WearPriceOf(BatteryChemistry chemistry) => WearPrices?.PriceOf(chemistry) ?? WearCostPerKwh;

    /// <summary>
    /// Wear prices at which charging and discharging one vehicle at once never pays against a deviation price of
    /// <paramref name="deviationPerKwh"/>: burning d kWh lets the grid draw d·<paramref name="roundTripLoss"/> kWh more for
    /// the same battery energy (see <see cref="Fleet.WorstRoundTripLoss"/>), so a vehicle whose wear is 1 % above that
    /// times the price never burns. Each chemistry's price is raised to that floor where it lies below and kept where it
    /// lies above: a vehicle that already never burns is priced as before, and raising one price to the floor of the
    /// cheapest (or lowering any) would leave burning paid or the dispatch priced further from its true prices.
    /// </summary>
    public WearPriceBook BurnFreeWear(double deviationPerKwh, double roundTripLoss) =>
        WearBook.AtLeast(1.01 * deviationPerKwh * roundTripLoss);

    /// <summary>These costs with <see cref="BurnFreeWear"/> as their wear prices.</summary>
    public DispatchCosts BurnFree(double deviationPerKwh, double roundTripLoss) =>
        this with { WearPrices = BurnFreeWear(deviationPerKwh, roundTripLoss) };

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
