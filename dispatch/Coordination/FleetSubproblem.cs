using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// One operator's part of the dispatch, over its own vehicles: its envelope for the ADMM x-update
/// (<see cref="Propose"/>), and the step-by-step walk of the clearing (<see cref="Offer"/>, <see cref="Commit"/>) that
/// turns the fleet's power at each step into setpoints respecting every hard constraint by construction
/// (<see cref="FleetWalk"/>).
/// </summary>
/// <remarks>
/// Charging above the forced level goes to the vehicles with the least slack first, charging past need only as far as
/// the coordinator asks; discharge comes from the vehicles with the cheapest packs to wear first, and among those from
/// the ones with the most slack first.
/// </remarks>
public sealed class FleetSubproblem
{
    private readonly FleetWalk _walk;
    private readonly Fleet _fleet;
    private readonly int _steps;
    private readonly double[] _energyKwh;
    private readonly double[] _lowKw;
    private readonly double[] _highKw;
    private readonly double[] _exportBySlack;
    private readonly int[] _exportBucket;
    private readonly FleetEnvelope _envelope;
    private readonly double[] _shifted;
    private readonly double[][] _dischargeByChemistryKw;
    private readonly int[] _chemistryOrder;
    private readonly double[] _segmentPrice;
    private readonly int[]? _priceRank;
    private readonly int _priceRanks;
    private readonly double[]? _exportByKey;
    private readonly int[] _keyBucket;
    private readonly double[] _needByKey;
    private readonly int[] _byLatestStart;
    private double _stepLow;
    private double _stepBase;
    private double _stepHigh;
    private double _extraChargeKw;

    /// <summary>Prepares the buffers for one fleet over the horizon.</summary>
    /// <param name="fleet">The operator's vehicles.</param>
    /// <param name="horizonSteps">Steps of the dispatch.</param>
    /// <param name="wear">The wear prices by which the clearing orders its vehicles' export (cheapest packs first); slack
    /// alone orders it when null or when all the fleet's V2G packs cost the same.</param>
    public FleetSubproblem(Fleet fleet, int horizonSteps, WearPriceBook? wear = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        _steps = horizonSteps;
        _walk = new FleetWalk(fleet, horizonSteps);

        // The walk keeps its vehicles in slack order; its arrays are held here too, read on every step.
        _fleet = _walk.Fleet;
        _energyKwh = _walk.EnergyKwh;
        _lowKw = _walk.LowKw;
        _highKw = _walk.HighKw;
        _exportBySlack = _walk.ExportBySlackKw;
        _exportBucket = _walk.ExportBucket;
        _byLatestStart = new int[_fleet.Count];
        _keyBucket = new int[_fleet.Count];
        _needByKey = new double[horizonSteps + 2];
        for (var k = 0; k < _byLatestStart.Length; k++)
        {
            _byLatestStart[k] = k;
            _keyBucket[k] = KeyBucket(_fleet, k, horizonSteps);
        }

        _envelope = new FleetEnvelope(_fleet, horizonSteps);
        _shifted = new double[horizonSteps];

        // The discharge limits of the V2G vehicles plugged in at each step, summed per chemistry: the widths of the
        // pieces of the fleet's wear cost as a function of its aggregate export (cheapest chemistry first).
        var chemistries = Enum.GetValues<BatteryChemistry>().Length;
        _dischargeByChemistryKw = new double[chemistries][];
        for (var c = 0; c < chemistries; c++)
        {
            _dischargeByChemistryKw[c] = new double[horizonSteps];
        }

        for (var i = 0; i < _fleet.Count; i++)
        {
            var limit = _fleet.MaxDischargeKw[i];
            if (limit <= 0)
            {
                continue;
            }

            var byStep = _dischargeByChemistryKw[(int)_fleet.Chemistry[i]];
            for (var t = _fleet.Arrival[i]; t < Math.Min(_fleet.Departure[i], horizonSteps); t++)
            {
                byStep[t] += limit;
            }
        }

        _chemistryOrder = new int[chemistries];
        _segmentPrice = new double[chemistries];
        (_priceRank, _priceRanks) = PriceRanks(_fleet, wear);
        _exportByKey = _priceRank is null ? null : new double[_priceRanks * (horizonSteps + 1)];
    }

    /// <summary>The setpoints of the latest clearing.</summary>
    public FleetSchedule Schedule => _walk.Schedule;

    /// <summary>Starts a step-by-step clearing (<see cref="Offer"/>, then <see cref="Commit"/>, for each step in order).</summary>
    public void BeginClearing()
    {
        _walk.Reset();
    }

    /// <summary>
    /// What the fleet can do at step <paramref name="t"/> given the setpoints committed so far: its power interval (site
    /// limit applied), the power with nobody discharging and only forced charging, how much more its vehicles still need
    /// now, and the grid energy its vehicles here and still to come need before each departure step. The offer's
    /// array is this subproblem's buffer, valid until the next call.
    /// </summary>
    public StepOffer Offer(int t)
    {
        _walk.Bounds(t, out _stepLow, out _stepBase, out _stepHigh);
        Array.Clear(_needByKey);
        var needKw = 0.0;
        for (var i = 0; i < _fleet.Count; i++)
        {
            var high = _highKw[i];
            if (high <= 0)
            {
                continue;
            }

            var floor = Math.Max(_lowKw[i], 0);
            var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
            var useful = Math.Clamp(missingKw - floor, 0, high - floor);
            needKw += useful;
            _needByKey[_keyBucket[i]] += useful;
        }

        var site = _fleet.SiteLimitKw;
        var high2 = Math.Min(_stepHigh, site);
        var low2 = Math.Min(Math.Max(_stepLow, -site), high2);
        var basis = Math.Clamp(_stepBase, low2, high2);
        return new StepOffer(low2, basis, high2, Math.Min(needKw, high2 - basis), _needByKey, _exportBySlack);
    }

    /// <summary>Splits <paramref name="powerKw"/> over the vehicles at step <paramref name="t"/> (after <see cref="Offer"/>) and returns what they really draw.</summary>
    /// <param name="t">The step just offered.</param>
    /// <param name="powerKw">The fleet's power at this step, in kW.</param>
    /// <param name="extraChargeKw">When the fleet draws: how much of <paramref name="powerKw"/> may charge past the vehicles'
    /// needs. When it exports: how much to charge the most urgent vehicles ahead of their deadlines, exporting that much
    /// more from the vehicles with slack. In kW.</param>
    public double Commit(int t, double powerKw, double extraChargeKw)
    {
        _extraChargeKw = Math.Max(0, extraChargeKw);
        var u = _walk.ClampToSite(powerKw, _stepLow, _stepHigh);
        var realized = SplitForTracking(t, u, _stepLow, _stepBase);
        if (t == _steps - 1)
        {
            _walk.Publish();
        }

        return realized;
    }

    /// <summary>
    /// The ADMM x-update on the fleet's envelope only: the profile within the fleet's aggregate power and energy bounds
    /// closest to <paramref name="signalKw"/> once the wear cost has been taken off discharging. Costs O(steps ·
    /// chemistries), not O(vehicles · steps): the vehicles are only visited by the clearing (<see cref="Offer"/>,
    /// <see cref="Commit"/>).
    /// </summary>
    /// <remarks>
    /// Each vehicle's discharge is priced by its pack (<paramref name="wear"/>), so the cheapest way for the fleet to export
    /// y kW at a step is from its cheapest chemistry first: its wear is convex and piecewise linear in y, one piece per
    /// chemistry as wide as that chemistry's plugged-in discharge limits, the last piece running on past them. Per step,
    /// the export is the proximal point of that cost at the signal (the soft threshold of a single price, generalized to
    /// its pieces), then the profile is projected onto the envelope.
    /// </remarks>
    public void Propose(ReadOnlySpan<double> signalKw, double rho, WearPriceBook wear, Span<double> aggregateKw)
    {
        ArgumentNullException.ThrowIfNull(wear);
        for (var c = 0; c < _chemistryOrder.Length; c++)
        {
            _chemistryOrder[c] = c;
            _segmentPrice[c] = wear.PriceOf((BatteryChemistry)c) * FleetRequest.StepHours / rho;
        }

        Array.Sort(_segmentPrice, _chemistryOrder);
        for (var t = 0; t < _steps; t++)
        {
            var v = signalKw[t];
            _shifted[t] = v >= 0 ? v : -Export(-v, t);
        }

        _envelope.Project(_shifted, aggregateKw);
    }

    /// <summary>
    /// argmin over y ≥ 0 of ½(y − <paramref name="wantedKw"/>)² + Σ pieces of the wear (prices already divided by ρ): walk
    /// the pieces cheapest first; the export stops inside the first piece whose shifted signal falls in it, or at the kink
    /// before it once the signal no longer pays that piece's price.
    /// </summary>
    private double Export(double wantedKw, int t)
    {
        var start = 0.0;
        for (var k = 0; k < _chemistryOrder.Length; k++)
        {
            var candidate = wantedKw - _segmentPrice[k];
            if (candidate <= start)
            {
                return start;
            }

            var end = start + _dischargeByChemistryKw[_chemistryOrder[k]][t];
            if (candidate <= end)
            {
                return candidate;
            }

            start = end;
        }

        // Beyond every plugged-in discharge limit (the projection clamps it back): at the dearest price, as one price did.
        return Math.Max(start, wantedKw - _segmentPrice[^1]);
    }

    private double SplitForTracking(int t, double u, double sumLow, double sumBase)
    {
        var step = _walk.Step(t);
        if (u < sumLow)
        {
            return _walk.SplitBelowForced(step, u, sumLow, sumBase);
        }

        return u >= sumBase ? SplitDraw(step, u, sumBase) : SplitExport(step, u, sumBase);
    }

    /// <summary>
    /// First towards what each vehicle still needs, least slack first; only then beyond it (as far as the coordinator
    /// asks), since energy past a vehicle's need does nothing for the others' deadlines.
    /// </summary>
    private double SplitDraw(Span<float> step, double u, double sumBase)
    {
        var aggregate = 0.0;
        var extra = u - sumBase;
        foreach (var i in _byLatestStart)
        {
            var floor = Math.Max(_lowKw[i], 0);
            var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
            var add = Math.Clamp(Math.Min(extra, missingKw - floor), 0, _highKw[i] - floor);
            extra -= add;
            _highKw[i] -= floor + add;
            _lowKw[i] = floor + add;
        }

        extra = Math.Min(extra, _extraChargeKw);
        foreach (var i in _byLatestStart)
        {
            var add = Math.Min(extra, _highKw[i]);
            extra -= add;
            aggregate += _walk.Apply(i, _lowKw[i] + add, step);
        }

        return aggregate;
    }

    /// <summary>
    /// Export from the vehicles whose packs are cheapest to wear first and, among those, from the vehicles with the most
    /// slack first (those that could wait longest before charging flat out to their need), so that what they give is put
    /// back without forcing charging during the export; vehicles with the same price and slack share alike, in proportion
    /// to what each can give. Where every vehicle's pack has the same price, only slack orders them.
    /// </summary>
    private double SplitExport(Span<float> step, double u, double sumBase)
    {
        sumBase = ChargeAhead(u, sumBase);
        var shed = sumBase - u;
        var byKey = _exportBySlack;
        if (_priceRank is not null)
        {
            byKey = _exportByKey!;
            Array.Clear(byKey);
            for (var i = 0; i < _fleet.Count; i++)
            {
                if (_lowKw[i] < 0)
                {
                    byKey[ExportKey(i)] -= _lowKw[i];
                }
            }
        }

        var lastKeyExported = -1;
        var fraction = 0.0;
        for (var d = byKey.Length - 1; d >= 0; d--)
        {
            var available = byKey[d];
            if (available >= shed)
            {
                lastKeyExported = d;
                fraction = available > 0 ? shed / available : 0;
                break;
            }

            shed -= available;
        }

        var aggregate = 0.0;
        for (var i = 0; i < _fleet.Count; i++)
        {
            var low = _lowKw[i];
            if (low >= 0)
            {
                aggregate += _walk.Apply(i, low, step);
                continue;
            }

            var key = _priceRank is null ? _exportBucket[i] : ExportKey(i);
            var share = key > lastKeyExported ? 1 : key == lastKeyExported ? fraction : 0;
            aggregate += _walk.Apply(i, share * low, step);
        }

        return aggregate;
    }

    /// <summary>A vehicle's place in the export order: cheaper packs above dearer ones, then more slack above less.</summary>
    private int ExportKey(int i) => ((_priceRanks - 1 - _priceRank![i]) * (_steps + 1)) + _exportBucket[i];

    /// <summary>
    /// Each vehicle's rank among the distinct wear prices of the fleet's V2G vehicles (0 the cheapest), or null when they
    /// all cost the same, with the number of ranks.
    /// </summary>
    private static (int[]? Rank, int Ranks) PriceRanks(Fleet fleet, WearPriceBook? wear)
    {
        if (wear is null)
        {
            return (null, 1);
        }

        var prices = new SortedSet<double>();
        for (var i = 0; i < fleet.Count; i++)
        {
            if (fleet.MaxDischargeKw[i] > 0)
            {
                prices.Add(wear.PriceOf(fleet.Chemistry[i]));
            }
        }

        if (prices.Count < 2)
        {
            return (null, 1);
        }

        var ordered = prices.ToArray();
        var rank = new int[fleet.Count];
        for (var i = 0; i < rank.Length; i++)
        {
            rank[i] = Math.Max(0, Array.BinarySearch(ordered, wear.PriceOf(fleet.Chemistry[i])));
        }

        return (rank, ordered.Length);
    }

    /// <summary>
    /// Where the coordinator asks for it while exporting: charges the most urgent vehicles ahead of their deadlines, to be
    /// funded by that much more export from the vehicles with slack, so that a later step of the export is not eaten up
    /// by forced charging. Raises their least power; returns <paramref name="sumBase"/> with the charging added, kW.
    /// </summary>
    private double ChargeAhead(double u, double sumBase)
    {
        var preCharge = Math.Max(0, _extraChargeKw);
        if (!(preCharge > 0))
        {
            return sumBase;
        }

        var exportable = 0.0;
        foreach (var kw in _exportBySlack)
        {
            exportable += kw;
        }

        preCharge = Math.Min(preCharge, Math.Max(0, exportable - (sumBase - u)));
        foreach (var i in _byLatestStart)
        {
            if (preCharge <= 0)
            {
                break;
            }

            var low = _lowKw[i];
            if (low < 0 || _highKw[i] <= 0)
            {
                continue;
            }

            var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
            var add = Math.Clamp(Math.Min(preCharge, missingKw - low), 0, _highKw[i] - low);
            _lowKw[i] = low + add;
            preCharge -= add;
            sumBase += add;
        }

        return sumBase;
    }

    /// <summary>The bucket of a vehicle's latest full-power start step: 0 for before step 0, then one per step.</summary>
    private static int KeyBucket(Fleet fleet, int i, int steps)
    {
        var fullPowerSteps = fleet.MaxChargeKw[i] > 0
            ? (fleet.RequiredEnergyKwh(i) - fleet.ArrivalEnergyKwh(i)) / (fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours)
            : 0;
        return Math.Clamp((int)Math.Floor(fleet.Departure[i] - fullPowerSteps) + 1, 0, steps + 1);
    }
}
