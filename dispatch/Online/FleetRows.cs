using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Online;

/// <summary>Builds a fleet vehicle by vehicle, each one taken from another fleet with what changes for it.</summary>
internal sealed class FleetRows(int capacity)
{
    private readonly List<int> _arrival = new(capacity);
    private readonly List<int> _departure = new(capacity);
    private readonly List<double> _need = new(capacity);
    private readonly List<double> _capacity = new(capacity);
    private readonly List<double> _soc = new(capacity);
    private readonly List<double> _charge = new(capacity);
    private readonly List<double> _discharge = new(capacity);
    private readonly List<double> _etaC = new(capacity);
    private readonly List<double> _etaD = new(capacity);
    private readonly List<BatteryChemistry> _chemistry = new(capacity);

    /// <summary>
    /// Adds vehicle <paramref name="i"/> of <paramref name="from"/> over [<paramref name="arrival"/>,
    /// <paramref name="departure"/>), with <paramref name="soc"/> and <paramref name="needKwh"/>, scaled to
    /// <paramref name="share"/> of itself (capacity, need and power limits).
    /// </summary>
    public void Add(Fleet from, int i, int arrival, int departure, double soc, double needKwh, double share = 1)
    {
        _arrival.Add(arrival);
        _departure.Add(departure);
        _need.Add(share * needKwh);
        _capacity.Add(share * from.CapacityKwh[i]);
        _soc.Add(soc);
        _charge.Add(share * from.MaxChargeKw[i]);
        _discharge.Add(share * from.MaxDischargeKw[i]);
        _etaC.Add(from.ChargeEfficiency[i]);
        _etaD.Add(from.DischargeEfficiency[i]);
        _chemistry.Add(from.Chemistry[i]);
    }

    /// <summary>The fleet of the vehicles added, behind <paramref name="siteLimitKw"/>.</summary>
    public Fleet Build(double siteLimitKw) => new(
        [.. _arrival], [.. _departure], [.. _need], [.. _capacity], [.. _soc], [.. _charge], [.. _discharge], [.. _etaC], [.. _etaD], siteLimitKw, [.. _chemistry]);
}
