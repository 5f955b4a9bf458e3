using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// One vehicle's best answer to a price per kW at every step: the schedule minimising Σₜ priceₜ·(cₜ − dₜ) + Δt·wear·Σₜ dₜ
/// + shortfall·s over exactly the constraints <see cref="FleetProgramme"/> gives the vehicle (charge and discharge limits,
/// battery energy within [floor, capacity] after every step, the departure need with its shortfall), solved exactly by
/// dynamic programming over battery energy instead of by a simplex.
/// </summary>
/// <remarks>
/// <para>
/// The cost-to-go Vₛ(e), the least cost of steps s onwards from battery energy e, is convex and piecewise linear in e:
/// the terminal cost shortfall·max(0, need − e) is, and each step keeps it so. A step's own cost as a function of the energy
/// it adds, h(δ), is the lower convex hull of its four corner choices (idle, full charge, full discharge, both), which is
/// what the linear programme's relaxation allows; Vₛ = ĥ □ Vₛ₊₁ restricted to [floor, capacity], with ĥ(u) = h(−u) and □ the
/// infimal convolution, whose slopes are the two functions' slopes merged in order. Each function is kept as its value at
/// the floor and its pieces (width, slope) in rising slope, so a step costs a merge of at most three pieces into the list.
/// The forward pass then takes, step by step, the smallest energy change that minimises h(δ) + Vₛ₊₁(e + δ), which makes
/// the answer a deterministic function of the prices.
/// </para>
/// <para>
/// Where the prices pay for burning energy (charging and discharging at once through the round-trip loss), the hull
/// includes it, as the linear programme does; the schedule stores only c − d, so such steps replay with more energy kept
/// than planned. <see cref="Burned"/> counts them.
/// </para>
/// <para>An instance holds scratch buffers for the longest stay and is used by one thread at a time.</para>
/// </remarks>
internal sealed class VehicleResponse
{
    private const double SlopeTolerance = 1e-12;
    private const double LengthTolerance = 1e-12;

    // Cost-to-go of every step of the stay after the one being decided, flattened: step s's pieces are
    // [_offset[s], _offset[s] + _count[s]), its value at the floor _left[s].
    private double[] _width = new double[256];
    private double[] _slope = new double[256];
    private int[] _offset = new int[97];
    private int[] _count = new int[97];
    private double[] _left = new double[97];

    // The hull of one step's cost: up to four corners in rising energy change, each with its charge and discharge.
    private readonly double[] _hullDelta = new double[4];
    private readonly double[] _hullCost = new double[4];
    private readonly double[] _hullCharge = new double[4];
    private readonly double[] _hullDischarge = new double[4];
    private int _hullCount;
    private int _listStart;

    /// <summary>Steps of the last answer that charge and discharge at once (each above <see cref="FleetProgramme.ActivityThresholdKw"/>).</summary>
    public int Burned { get; private set; }

    /// <summary>Energy discharged to the grid by the last answer, in kWh.</summary>
    public double DischargedKwh { get; private set; }

    /// <summary>Energy the last answer leaves missing at departure, in kWh.</summary>
    public double ShortfallKwh { get; private set; }

    /// <summary>
    /// Answers vehicle <paramref name="i"/> of <paramref name="fleet"/> to <paramref name="priceKw"/> (a price per kW of
    /// net charging at each step of the horizon, Δt included): writes its net power c − d at each step of its stay into
    /// <paramref name="powerKw"/> (indexed by step of the horizon; other steps untouched) and returns its own cost, wear plus
    /// shortfall, without the prices. <paramref name="pricedCost"/> is the minimised total, own cost plus Σ priceₜ·(cₜ − dₜ).
    /// </summary>
    public double Solve(Fleet fleet, int i, ReadOnlySpan<double> priceKw, double wearPerKwh, double shortfallPerKwh, Span<float> powerKw, out double pricedCost)
    {
        const double dt = FleetRequest.StepHours;
        var arrival = fleet.Arrival[i];
        var stay = fleet.Departure[i] - arrival;
        var floor = fleet.FloorEnergyKwh(i);
        var capacity = fleet.CapacityKwh[i];
        var start = Math.Clamp(fleet.ArrivalEnergyKwh(i), floor, capacity);
        var need = fleet.RequiredEnergyKwh(i);
        var maxCharge = fleet.MaxChargeKw[i];
        var maxDischarge = fleet.MaxDischargeKw[i];
        var gain = dt * fleet.ChargeEfficiency[i];
        var loss = dt / fleet.DischargeEfficiency[i];
        var wear = dt * wearPerKwh;
        EnsureRoom(stay);

        // Terminal cost-to-go: shortfall·max(0, need − e) on [floor, capacity].
        _offset[stay] = 0;
        _listStart = 0;
        var used = 0;
        if (need > floor)
        {
            _left[stay] = shortfallPerKwh * (need - floor);
            used = Push(used, need - floor, -shortfallPerKwh);
            used = Push(used, capacity - need, 0);
        }
        else
        {
            _left[stay] = 0;
            used = Push(used, capacity - floor, 0);
        }

        _count[stay] = used;

        // Backward: Vₛ = ĥₛ □ Vₛ₊₁ on [floor, capacity].
        for (var s = stay - 1; s >= 0; s--)
        {
            BuildHull(priceKw[arrival + s], wear, maxCharge, maxDischarge, gain, loss);
            used = Convolve(s, used, floor, capacity);
        }

        // Forward: the smallest minimising energy change at each step.
        var energy = start;
        var wearCost = 0.0;
        var priced = 0.0;
        var discharged = 0.0;
        Burned = 0;
        for (var s = 0; s < stay; s++)
        {
            var price = priceKw[arrival + s];
            BuildHull(price, wear, maxCharge, maxDischarge, gain, loss);
            var delta = BestChange(s + 1, energy, floor, capacity);
            var (charge, discharge) = Corners(delta);
            if (charge > FleetProgramme.ActivityThresholdKw && discharge > FleetProgramme.ActivityThresholdKw)
            {
                Burned++;
            }

            powerKw[arrival + s] = (float)(charge - discharge);
            wearCost += wear * discharge;
            priced += price * (charge - discharge);
            discharged += dt * discharge;
            energy = Math.Clamp(energy + delta, floor, capacity);
        }

        ShortfallKwh = Math.Max(0, need - energy);
        DischargedKwh = discharged;
        var own = wearCost + (shortfallPerKwh * ShortfallKwh);
        pricedCost = own + priced;
        return own;
    }

    /// <summary>The value of the cost-to-go at step 0 from the arrival energy: what <see cref="Solve"/> minimises, for checks.</summary>
    internal double CostToGo(Fleet fleet, int i) => Evaluate(0, Math.Clamp(fleet.ArrivalEnergyKwh(i), fleet.FloorEnergyKwh(i), fleet.CapacityKwh[i]), fleet.FloorEnergyKwh(i));

    private void EnsureRoom(int stay)
    {
        if (_offset.Length <= stay)
        {
            var size = Math.Max(stay + 1, _offset.Length * 2);
            Array.Resize(ref _offset, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _left, size);
        }

        var pieces = (3 * stay) + 4;
        var total = (stay + 1) * pieces;
        if (_width.Length < total)
        {
            _width = new double[total];
            _slope = new double[total];
        }
    }

    private int Push(int used, double width, double slope)
    {
        if (width <= LengthTolerance)
        {
            return used;
        }

        if (used > _listStart && Math.Abs(_slope[used - 1] - slope) <= SlopeTolerance)
        {
            _width[used - 1] += width;
            return used;
        }

        _width[used] = width;
        _slope[used] = slope;
        return used + 1;
    }

    /// <summary>
    /// The lower convex hull of the step's corners (δ, cost): idle (0, 0); full charge (gain·c̄, price·c̄); full discharge
    /// (−loss·d̄, (wear − price)·d̄); both (gain·c̄ − loss·d̄, the sum).
    /// </summary>
    private void BuildHull(double price, double wear, double maxCharge, double maxDischarge, double gain, double loss)
    {
        Span<double> delta = stackalloc double[4];
        Span<double> cost = stackalloc double[4];
        Span<double> charge = stackalloc double[4];
        Span<double> discharge = stackalloc double[4];
        var n = 0;
        Add(ref n, delta, cost, charge, discharge, 0, 0, 0, 0);
        if (maxCharge > 0)
        {
            Add(ref n, delta, cost, charge, discharge, gain * maxCharge, price * maxCharge, maxCharge, 0);
        }

        if (maxDischarge > 0)
        {
            Add(ref n, delta, cost, charge, discharge, -loss * maxDischarge, (wear - price) * maxDischarge, 0, maxDischarge);
            if (maxCharge > 0)
            {
                Add(ref n, delta, cost, charge, discharge, (gain * maxCharge) - (loss * maxDischarge), (price * maxCharge) + ((wear - price) * maxDischarge), maxCharge, maxDischarge);
            }
        }

        // Sort by δ (at most four points), ties by cost, then the lower hull by a monotone chain.
        for (var a = 1; a < n; a++)
        {
            for (var b = a; b > 0 && (delta[b] < delta[b - 1] || (delta[b] == delta[b - 1] && cost[b] < cost[b - 1])); b--)
            {
                Swap(delta, b); Swap(cost, b); Swap(charge, b); Swap(discharge, b);
            }
        }

        _hullCount = 0;
        for (var p = 0; p < n; p++)
        {
            if (_hullCount > 0 && delta[p] == _hullDelta[_hullCount - 1])
            {
                continue; // same δ, higher or equal cost
            }

            while (_hullCount >= 2 && Cross(_hullCount - 2, _hullCount - 1, delta[p], cost[p]) <= 0)
            {
                _hullCount--;
            }

            _hullDelta[_hullCount] = delta[p];
            _hullCost[_hullCount] = cost[p];
            _hullCharge[_hullCount] = charge[p];
            _hullDischarge[_hullCount] = discharge[p];
            _hullCount++;
        }

        static void Add(ref int n, Span<double> delta, Span<double> cost, Span<double> charge, Span<double> discharge, double d, double c, double ch, double dis)
        {
            delta[n] = d;
            cost[n] = c;
            charge[n] = ch;
            discharge[n] = dis;
            n++;
        }

        static void Swap(Span<double> values, int b) => (values[b], values[b - 1]) = (values[b - 1], values[b]);
    }

    /// <summary>Positive when (x, y) lies strictly above the line through hull points a and b (a left turn).</summary>
    private double Cross(int a, int b, double x, double y) =>
        ((_hullDelta[b] - _hullDelta[a]) * (y - _hullCost[a])) - ((_hullCost[b] - _hullCost[a]) * (x - _hullDelta[a]));

    /// <summary>Writes Vₛ = ĥ □ Vₛ₊₁ restricted to [floor, capacity] after the pieces in use, returning the new count in use.</summary>
    private int Convolve(int s, int used, double floor, double capacity)
    {
        var next = s + 1;
        var from = _offset[next];
        var count = _count[next];
        var start = used;
        _listStart = start;

        // ĥ(u) = h(−u): the hull read backwards, slopes negated; its domain starts at −(largest δ).
        var hullPieces = _hullCount - 1;
        Span<double> hullWidth = stackalloc double[3];
        Span<double> hullSlope = stackalloc double[3];
        for (var k = 0; k < hullPieces; k++)
        {
            var a = _hullCount - 1 - k;
            var width = _hullDelta[a] - _hullDelta[a - 1];
            hullWidth[k] = width;
            hullSlope[k] = -(_hullCost[a] - _hullCost[a - 1]) / width;
        }

        // The convolution starts at floor − (largest δ), valued Vₛ₊₁(floor) + h(largest δ); walk its merged pieces and
        // keep what lies within [floor, capacity].
        var x = floor - _hullDelta[_hullCount - 1];
        var value = _left[next] + _hullCost[_hullCount - 1];
        var left = double.NaN;
        int p = 0, q = 0;
        while (p < hullPieces || q < count)
        {
            double width, slope;
            if (q >= count || (p < hullPieces && hullSlope[p] <= _slope[from + q]))
            {
                width = hullWidth[p];
                slope = hullSlope[p];
                p++;
            }
            else
            {
                width = _width[from + q];
                slope = _slope[from + q];
                q++;
            }

            var end = x + width;
            if (end > floor && x < capacity)
            {
                var lo = Math.Max(x, floor);
                var hi = Math.Min(end, capacity);
                if (double.IsNaN(left))
                {
                    left = value + (slope * (lo - x));
                }

                used = Push(used, hi - lo, slope);
            }

            value += slope * width;
            x = end;
            if (x >= capacity)
            {
                break;
            }
        }

        _offset[s] = start;
        _count[s] = used - start;
        _left[s] = double.IsNaN(left) ? value : left;
        return used;
    }

    /// <summary>Vₛ(e) for e in [floor, capacity].</summary>
    private double Evaluate(int s, double energy, double floor)
    {
        var value = _left[s];
        var x = floor;
        for (var k = _offset[s]; k < _offset[s] + _count[s] && x < energy; k++)
        {
            var width = Math.Min(_width[k], energy - x);
            value += _slope[k] * width;
            x += width;
        }

        return value;
    }

    /// <summary>The smallest δ minimising h(δ) + Vₙ(e + δ) over the step's hull and [floor, capacity].</summary>
    private double BestChange(int next, double energy, double floor, double capacity)
    {
        var lo = Math.Max(_hullDelta[0], floor - energy);
        var hi = Math.Min(_hullDelta[_hullCount - 1], capacity - energy);
        if (hi <= lo)
        {
            return Math.Min(lo, hi); // both zero but for rounding: the energy is at a bound and the step can only idle
        }

        // The piece of Vₙ holding e + lo, and the piece of h holding lo.
        var from = _offset[next];
        var end = from + _count[next];
        var k = from;
        var x = floor;
        while (k < end - 1 && x + _width[k] <= energy + lo)
        {
            x += _width[k];
            k++;
        }

        var j = 0;
        while (j < _hullCount - 2 && _hullDelta[j + 1] <= lo)
        {
            j++;
        }

        var delta = lo;
        while (true)
        {
            var hullSlope = _hullCount > 1 ? (_hullCost[j + 1] - _hullCost[j]) / (_hullDelta[j + 1] - _hullDelta[j]) : 0;
            var valueSlope = k < end ? _slope[k] : 0;
            if (hullSlope + valueSlope >= -SlopeTolerance)
            {
                return delta;
            }

            // Move to the next breakpoint of either function, or the end of the range.
            var hullNext = j + 1 < _hullCount ? _hullDelta[j + 1] : double.PositiveInfinity;
            var valueNext = k < end ? x + _width[k] - energy : double.PositiveInfinity;
            var step = Math.Min(Math.Min(hullNext, valueNext), hi);
            if (step >= hi)
            {
                return hi;
            }

            delta = step;
            if (hullNext <= step)
            {
                j = Math.Min(j + 1, _hullCount - 2);
            }

            if (valueNext <= step)
            {
                x += _width[k];
                k++;
            }
        }
    }

    /// <summary>The charge and discharge of the hull point at energy change δ (between two corners, their mix).</summary>
    private (double Charge, double Discharge) Corners(double delta)
    {
        if (_hullCount == 1)
        {
            return (_hullCharge[0], _hullDischarge[0]);
        }

        var j = 0;
        while (j < _hullCount - 2 && _hullDelta[j + 1] < delta)
        {
            j++;
        }

        var w = Math.Clamp((delta - _hullDelta[j]) / (_hullDelta[j + 1] - _hullDelta[j]), 0, 1);
        return (
            _hullCharge[j] + (w * (_hullCharge[j + 1] - _hullCharge[j])),
            _hullDischarge[j] + (w * (_hullDischarge[j + 1] - _hullDischarge[j])));
    }
}
