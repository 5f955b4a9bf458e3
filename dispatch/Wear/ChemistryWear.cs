namespace Consortium.Dispatch.Wear;

/// <summary>
/// What discharging wears off one chemistry's packs, and what that wear costs. A pack of capacity C kWh that discharges
/// E kWh goes through E / C equivalent full cycles and loses <see cref="FadePerCyclePercent"/> · E / C points of state
/// of health; it is worth replacing after losing 100 − <see cref="EndOfLifeSoHPercent"/> points, at
/// <see cref="ReplacementCostPerKwh"/> · C. The wear price per kWh discharged is the share of the pack's life used times
/// its replacement cost, divided by E, and C cancels:
/// <code>
/// wear = ReplacementCostPerKwh · FadePerCyclePercent / (100 − EndOfLifeSoHPercent)
/// </code>
/// It is linear on purpose: the fade is taken as constant per cycle over the pack's life and independent of depth of
/// discharge and power, as a first-order price the dispatch's linear objective can carry.
/// </summary>
/// <param name="Chemistry">The chemistry priced.</param>
/// <param name="FadePerCyclePercent">Percentage points of state of health lost per equivalent full cycle (the fade
/// forecaster's rate once the federated battery model exists).</param>
/// <param name="ReplacementCostPerKwh">What replacing a pack costs per kWh of its capacity, in the consortium's currency.</param>
/// <param name="EndOfLifeSoHPercent">The state of health, in percent, at which a pack is replaced (80 is usual for vehicles).</param>
public sealed record ChemistryWear(
    BatteryChemistry Chemistry,
    double FadePerCyclePercent,
    double ReplacementCostPerKwh,
    double EndOfLifeSoHPercent = ChemistryWear.DefaultEndOfLifeSoHPercent)
{
    /// <summary>The usual end of life of a vehicle pack: 80 % of its original capacity.</summary>
    public const double DefaultEndOfLifeSoHPercent = 80;

    /// <summary>The wear price per kWh discharged (see the type's summary).</summary>
    /// <exception cref="ArgumentException">An input is out of range (see <see cref="Validate"/>).</exception>
    public double PricePerKwhDischarged()
    {
        Validate();
        return ReplacementCostPerKwh * FadePerCyclePercent / (100 - EndOfLifeSoHPercent);
    }

    /// <summary>
    /// Throws when the fade or the replacement cost is negative or not finite, or the end of life is not a state of health
    /// strictly between 0 and 100 %; the message names the chemistry and the field.
    /// </summary>
    public void Validate()
    {
        var name = WearPriceBook.ChemistryName(Chemistry);
        if (!Enum.IsDefined(Chemistry))
        {
            throw new ArgumentException($"{(int)Chemistry} is not a known battery chemistry.", nameof(Chemistry));
        }

        if (!(FadePerCyclePercent >= 0 && double.IsFinite(FadePerCyclePercent)))
        {
            throw new ArgumentException(
                $"{name}: {nameof(FadePerCyclePercent)} must be a finite number of percentage points of zero or more, not {FadePerCyclePercent}.",
                nameof(FadePerCyclePercent));
        }

        if (!(ReplacementCostPerKwh >= 0 && double.IsFinite(ReplacementCostPerKwh)))
        {
            throw new ArgumentException(
                $"{name}: {nameof(ReplacementCostPerKwh)} must be a finite price of zero or more, not {ReplacementCostPerKwh}.",
                nameof(ReplacementCostPerKwh));
        }

        if (!(EndOfLifeSoHPercent > 0 && EndOfLifeSoHPercent < 100))
        {
            throw new ArgumentException(
                $"{name}: {nameof(EndOfLifeSoHPercent)} must lie strictly between 0 and 100 %, not {EndOfLifeSoHPercent}.",
                nameof(EndOfLifeSoHPercent));
        }
    }
}
