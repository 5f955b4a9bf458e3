using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Fleets;

/// <summary>
/// One operator's vehicles, stored field by field (one array per attribute) so that a pass over a
/// million vehicles streams through contiguous memory. Vehicle <c>i</c> is plugged in for steps
/// <c>Arrival[i]</c> up to, but not including, <c>Departure[i]</c>.
/// </summary>
public sealed class Fleet
{
    /// <summary>The lowest state of charge a vehicle may be discharged to, as a share of capacity.</summary>
    public const double DischargeFloorShare = 0.2;

    /// <summary>
    /// The chemistry of a vehicle whose pack is not known (a fleet built without chemistries): NCM, the most common
    /// chemistry of <see cref="ChemistryMix.Default"/>.
    /// </summary>
    public const BatteryChemistry DefaultChemistry = BatteryChemistry.Ncm;

    /// <summary>
    /// Checks the arrays and wraps them; the arrays are kept, not copied. Without a chemistry per vehicle, every vehicle is
    /// of <see cref="DefaultChemistry"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An array has the wrong length or a value is out of range; the message names the field.</exception>
    public Fleet(
        int[] arrival,
        int[] departure,
        double[] energyNeededKwh,
        double[] capacityKwh,
        double[] arrivalSoc,
        double[] maxChargeKw,
        double[] maxDischargeKw,
        double[] chargeEfficiency,
        double[] dischargeEfficiency,
        double siteLimitKw,
        BatteryChemistry[]? chemistry = null)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        var count = arrival.Length;
        RequireLength(departure, count, nameof(departure));
        RequireLength(energyNeededKwh, count, nameof(energyNeededKwh));
        RequireLength(capacityKwh, count, nameof(capacityKwh));
        RequireLength(arrivalSoc, count, nameof(arrivalSoc));
        RequireLength(maxChargeKw, count, nameof(maxChargeKw));
        RequireLength(maxDischargeKw, count, nameof(maxDischargeKw));
        RequireLength(chargeEfficiency, count, nameof(chargeEfficiency));
        RequireLength(dischargeEfficiency, count, nameof(dischargeEfficiency));
        if (chemistry is null)
        {
            chemistry = new BatteryChemistry[count];
            Array.Fill(chemistry, DefaultChemistry);
        }

        RequireLength(chemistry, count, nameof(chemistry));
        if (!(siteLimitKw > 0))
        {
            throw new ArgumentException("The site limit must be a positive number of kW (infinity for none).", nameof(siteLimitKw));
        }

        for (var i = 0; i < count; i++)
        {
            if (arrival[i] < 0 || departure[i] <= arrival[i])
            {
                throw new ArgumentException($"Vehicle {i} must arrive at a step >= 0 and depart after it.", nameof(departure));
            }

            RequireRange(energyNeededKwh[i], 0, double.MaxValue, i, nameof(energyNeededKwh));
            RequireRange(capacityKwh[i], double.Epsilon, double.MaxValue, i, nameof(capacityKwh));
            RequireRange(arrivalSoc[i], 0, 1, i, nameof(arrivalSoc));
            RequireRange(maxChargeKw[i], 0, double.MaxValue, i, nameof(maxChargeKw));
            RequireRange(maxDischargeKw[i], 0, double.MaxValue, i, nameof(maxDischargeKw));
            RequireRange(chargeEfficiency[i], double.Epsilon, 1, i, nameof(chargeEfficiency));
            RequireRange(dischargeEfficiency[i], double.Epsilon, 1, i, nameof(dischargeEfficiency));
            if (!Enum.IsDefined(chemistry[i]))
            {
                throw new ArgumentException($"Vehicle {i} has chemistry {(int)chemistry[i]}, not one of LFP, NCM, NCA, NCM+NCA.", nameof(chemistry));
            }
        }

        Arrival = arrival;
        Departure = departure;
        EnergyNeededKwh = energyNeededKwh;
        CapacityKwh = capacityKwh;
        ArrivalSoc = arrivalSoc;
        MaxChargeKw = maxChargeKw;
        MaxDischargeKw = maxDischargeKw;
        ChargeEfficiency = chargeEfficiency;
        DischargeEfficiency = dischargeEfficiency;
        SiteLimitKw = siteLimitKw;
        Chemistry = chemistry;
    }

    /// <summary>Number of vehicles.</summary>
    public int Count => Arrival.Length;

    /// <summary>First step each vehicle is plugged in.</summary>
    public int[] Arrival { get; }

    /// <summary>First step each vehicle is gone (exclusive end of its stay).</summary>
    public int[] Departure { get; }

    /// <summary>Energy each driver wants added to the battery by departure, in kWh.</summary>
    public double[] EnergyNeededKwh { get; }

    /// <summary>Usable battery capacity, in kWh.</summary>
    public double[] CapacityKwh { get; }

    /// <summary>State of charge on arrival, as a share of capacity (0–1).</summary>
    public double[] ArrivalSoc { get; }

    /// <summary>Charging limit of vehicle and charger together, in kW at the grid.</summary>
    public double[] MaxChargeKw { get; }

    /// <summary>Discharging limit in kW at the grid; zero unless vehicle and charger are both V2G-capable.</summary>
    public double[] MaxDischargeKw { get; }

    /// <summary>Share of grid energy that reaches the battery when charging.</summary>
    public double[] ChargeEfficiency { get; }

    /// <summary>Share of battery energy that reaches the grid when discharging.</summary>
    public double[] DischargeEfficiency { get; }

    /// <summary>The chemistry of each vehicle's pack, which prices its discharge (<see cref="DispatchCosts.WearPriceOf"/>).</summary>
    public BatteryChemistry[] Chemistry { get; }

    /// <summary>The operator's aggregate connection limit, in kW, applying to import and export alike.</summary>
    public double SiteLimitKw { get; }

    /// <summary>The same vehicles with other pack chemistries (the other arrays shared, not copied).</summary>
    /// <exception cref="ArgumentException">Not one known chemistry per vehicle.</exception>
    public Fleet WithChemistry(BatteryChemistry[] chemistry) => new(
        Arrival, Departure, EnergyNeededKwh, CapacityKwh, ArrivalSoc, MaxChargeKw, MaxDischargeKw, ChargeEfficiency, DischargeEfficiency, SiteLimitKw, chemistry);

    /// <summary>The same vehicles behind another site limit (the arrays shared, not copied).</summary>
    public Fleet WithSiteLimit(double siteLimitKw) => new(
        Arrival, Departure, EnergyNeededKwh, CapacityKwh, ArrivalSoc, MaxChargeKw, MaxDischargeKw, ChargeEfficiency, DischargeEfficiency, siteLimitKw, Chemistry);

    /// <summary>Battery energy on arrival, in kWh.</summary>
    public double ArrivalEnergyKwh(int vehicle) => ArrivalSoc[vehicle] * CapacityKwh[vehicle];

    /// <summary>
    /// Battery energy the vehicle must hold at departure: arrival energy plus what the driver asked for,
    /// never more than a full battery.
    /// </summary>
    public double RequiredEnergyKwh(int vehicle) =>
        Math.Min(ArrivalEnergyKwh(vehicle) + EnergyNeededKwh[vehicle], CapacityKwh[vehicle]);

    /// <summary>
    /// The largest share of energy a round trip loses in this fleet: max over vehicles of 1/(ηc·ηd) − 1. Charging and
    /// discharging one vehicle at once lets the grid draw this much more per kWh discharged for the same battery energy.
    /// </summary>
    public double WorstRoundTripLoss()
    {
        var loss = 0.0;
        for (var i = 0; i < Count; i++)
        {
            loss = Math.Max(loss, (1 / (ChargeEfficiency[i] * DischargeEfficiency[i])) - 1);
        }

        return loss;
    }

    /// <summary>
    /// The lowest battery energy discharging may leave: 20 % of capacity, or the arrival energy when
    /// the vehicle arrived below that.
    /// </summary>
    public double FloorEnergyKwh(int vehicle) =>
        Math.Min(DischargeFloorShare * CapacityKwh[vehicle], ArrivalEnergyKwh(vehicle));

    private static void RequireLength<T>(T[] values, int count, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != count)
        {
            throw new ArgumentException($"Expected {count} values, one per vehicle, but got {values.Length}.", name);
        }
    }

    private static void RequireRange(double value, double min, double max, int vehicle, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentException($"Vehicle {vehicle} has {value}, outside [{min}, {max}].", name);
        }
    }
}
