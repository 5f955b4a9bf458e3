namespace Consortium.Dispatch.Fleets;

/// <summary>
/// The fleet seen as one virtual battery: bounds on its aggregate power at each step and on the grid energy it
/// has taken by the end of each step. Used to shape a signal before the vehicle-by-vehicle walk, so that energy
/// the fleet has to take anyway is spread out instead of being forced in when deadlines bind.
/// </summary>
/// <remarks>
/// The energy bounds sum per-vehicle bounds: at most what charging at full power from arrival, up to the energy the
/// driver asked for (plus, for V2G vehicles, what they could give back and recharge), can have drawn; topping up
/// other vehicles is not planned, since such energy would sit in whichever vehicles happen to be plugged in early
/// rather than the ones whose deadlines bind. At least what the vehicle must still draw given how much its remaining
/// steps can deliver, where a V2G vehicle may first have discharged towards its floor. They ignore the site limit's coupling between vehicles,
/// so the envelope is slightly optimistic; the per-vehicle walk that follows enforces the hard constraints exactly.
/// </remarks>
internal sealed class FleetEnvelope
{
    private const int ProjectionIterations = 100;

    private readonly int _steps;
    private readonly double[] _lowKw;
    private readonly double[] _highKw;
    private readonly double[] _minKwh;
    private readonly double[] _maxKwh;
    private readonly double[] _multipliers;
    private readonly double[] _previous;
    private readonly double[] _lookahead;
    private readonly double[] _power;
    private readonly double _stepSize;

    public FleetEnvelope(Fleet fleet, int steps)
    {
        const double dt = FleetRequest.StepHours;
        _steps = steps;
        _lowKw = new double[steps];
        _highKw = new double[steps];
        _minKwh = new double[steps];
        _maxKwh = new double[steps];
        _multipliers = new double[2 * steps];
        _previous = new double[2 * steps];
        _lookahead = new double[2 * steps];
        _power = new double[steps];
        var minAfter = new double[steps + 1];
        var maxAfter = new double[steps + 1];

        for (var i = 0; i < fleet.Count; i++)
        {
            var a = fleet.Arrival[i];
            var d = Math.Min(fleet.Departure[i], steps);
            var charge = fleet.MaxChargeKw[i];
            var discharge = fleet.MaxDischargeKw[i];
            var (need, releasable, ceiling, roundTrip) = VehicleEnergy.Of(fleet, i);
            var lower = 0.0;
            var upper = 0.0;
            for (var t = a; t < d; t++)
            {
                _highKw[t] += charge;
                _lowKw[t] -= discharge;
                var later = need - charge * dt * (d - 1 - t);
                if (discharge > 0)
                {
                    var drained = -Math.Min(discharge * dt * (t - a + 1), releasable);
                    lower = Math.Max(drained, later >= 0 ? later : roundTrip * later);
                }
                else
                {
                    lower = Math.Max(0, later);
                }

                upper = Math.Min(charge * dt * (t - a + 1), ceiling);
                _minKwh[t] += lower;
                _maxKwh[t] += upper;
            }

            // Once the vehicle has left, the grid energy it took is its need plus at most the losses of cycling what it
            // could give back; anything more would have been charged past its need, which helps no one.
            var cyclingLoss = discharge > 0 ? releasable * (1 / roundTrip - 1) : 0;
            minAfter[d] += lower;
            maxAfter[d] += Math.Min(upper, need + cyclingLoss);
        }

        double carriedMin = 0, carriedMax = 0;
        for (var t = 0; t < steps; t++)
        {
            carriedMin += minAfter[t];
            carriedMax += maxAfter[t];
            _minKwh[t] += carriedMin;
            _maxKwh[t] += carriedMax;
            _highKw[t] = Math.Min(_highKw[t], fleet.SiteLimitKw);
            _lowKw[t] = Math.Max(_lowKw[t], -fleet.SiteLimitKw);
        }

        // 1 / Lipschitz constant of the dual gradient: twice the squared norm of the cumulative-sum operator, bounded by its Frobenius norm.
        _stepSize = 1 / (2 * dt * dt * steps * (steps + 1) / 2.0);
    }

    /// <summary>The fleet's least aggregate power at each step (its V2G vehicles' discharge limits, within the site limit), kW.</summary>
    public ReadOnlySpan<double> LowKw => _lowKw;

    /// <summary>The fleet's greatest aggregate power at each step (its plugged-in vehicles' charge limits, within the site limit), kW.</summary>
    public ReadOnlySpan<double> HighKw => _highKw;

    /// <summary>The least grid energy the fleet must have taken by the end of each step, kWh.</summary>
    public ReadOnlySpan<double> MinKwh => _minKwh;

    /// <summary>The most grid energy the fleet can usefully have taken by the end of each step, kWh.</summary>
    public ReadOnlySpan<double> MaxKwh => _maxKwh;

    /// <summary>
    /// Writes into <paramref name="plannedKw"/> (approximately) the profile within the envelope closest to
    /// <paramref name="signalKw"/> in the least-squares sense, by accelerated projected gradient on the dual of the
    /// energy bounds. Multipliers are kept between calls, so successive ADMM iterations warm-start.
    /// </summary>
    public void Project(ReadOnlySpan<double> signalKw, Span<double> plannedKw)
    {
        const double dt = FleetRequest.StepHours;
        var steps = _steps;
        Array.Copy(_multipliers, _previous, _multipliers.Length);
        Array.Copy(_multipliers, _lookahead, _multipliers.Length);
        for (var k = 1; k <= ProjectionIterations; k++)
        {
            Primal(signalKw, _lookahead);
            var cumulative = 0.0;
            for (var t = 0; t < steps; t++)
            {
                cumulative += _power[t] * dt;
                _multipliers[t] = Math.Max(0, _lookahead[t] + _stepSize * (_minKwh[t] - cumulative));
                _multipliers[steps + t] = Math.Max(0, _lookahead[steps + t] + _stepSize * (cumulative - _maxKwh[t]));
            }

            var momentum = (k - 1.0) / (k + 2.0);
            for (var j = 0; j < _multipliers.Length; j++)
            {
                _lookahead[j] = Math.Max(0, _multipliers[j] + momentum * (_multipliers[j] - _previous[j]));
                _previous[j] = _multipliers[j];
            }
        }

        Primal(signalKw, _multipliers);
        _power.AsSpan().CopyTo(plannedKw);
    }

    private void Primal(ReadOnlySpan<double> signalKw, double[] multipliers)
    {
        const double dt = FleetRequest.StepHours;
        var pull = 0.0;
        for (var t = _steps - 1; t >= 0; t--)
        {
            pull += dt * (multipliers[t] - multipliers[_steps + t]);
            _power[t] = Math.Clamp(signalKw[t] + pull, _lowKw[t], _highKw[t]);
        }
    }
}
