using Consortium.Data.Sessions;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Sessions;

/// <summary>
/// An empirical distribution of vehicle-days built from logged charging sessions, and a generator that draws fleets of
/// any size for one day of 96 fifteen-minute steps (step 0 at local midnight) from it. Arrival, stay, energy and charger
/// power of a drawn vehicle all come from one real session; battery, state of charge and V2G capability, which the logs
/// do not record, are drawn per <see cref="SessionFleetAssumptions"/>.
/// </summary>
/// <remarks>
/// <para>How one session becomes vehicle-days:</para>
/// <list type="number">
/// <item>Exclusions, in this order: DC rapid chargers, sessions without energy, over-long stays (see <see cref="SessionExclusion"/>).</item>
/// <item>Charger power: the rated power where the charger model gives one, capped at <see cref="SessionFleetAssumptions.MaxAcKw"/>
/// (22 kW). Where it is unknown, the smallest standard AC level (3.7, 7.4, 11 or 22 kW) at or above the session's mean power
/// (energy ÷ stay), the slowest charger that could have delivered the energy, again capped. The bundled Scottish exports name
/// every charger model, so inference is there only for other data.</item>
/// <item>Arrival step: the local start time of day, rounded down to its 15-minute step. Stay: the logged duration in whole
/// steps, rounded to the nearest (halves up), at least one. Times are local wall-clock times as logged, so a stay across a
/// clock change is off by an hour.</item>
/// <item>Energy: spread evenly over the stay's steps; if that rate exceeds <see cref="SessionFleetAssumptions.FeasibleShare"/>
/// (90 %) of what the charger delivers to the battery per step (power × charge efficiency × 0.25 h), it is trimmed to that
/// rate, so every need can be met by its vehicle alone. Trims are counted.</item>
/// <item>Midnight: a stay running past the arrival day's end is cut at each midnight. The arrival day keeps the steps up to
/// 96 with the energy of those steps (its share of the stay); with <see cref="SessionFleetAssumptions.CarryOver"/> (the
/// default) each later day the car is still plugged in becomes a further vehicle-day, plugged in from step 0 with its own
/// share of the energy. Without carry-over the early-morning steps would only see cars that arrive after midnight, although
/// in the bundled Scottish logs 30 % of the kept sessions stay overnight.</item>
/// <item>Pack chemistry: the session's, where its file names one (an optional column; see <c>SessionCsvSchema.ChemistryColumn</c>);
/// otherwise drawn from <see cref="SessionFleetAssumptions.Chemistries"/>, the stated mix (sessions rarely say).</item>
/// </list>
/// <para>
/// Drawing picks vehicle-days uniformly with replacement, so the expected number of cars plugged in at each step follows the
/// average day of the logs. No jitter is added: arrival and stay are already quantised to 15-minute steps, smoothing them
/// would blur the real arrival peaks, and drawn vehicles that share a session still differ in battery, state of charge and
/// V2G capability.
/// </para>
/// <para>
/// Per drawn vehicle: capacity uniform in [<see cref="SessionFleetAssumptions.MinCapacityKwh"/>,
/// <see cref="SessionFleetAssumptions.MaxCapacityKwh"/>]; arrival state of charge uniform in [min SoC, min(max SoC,
/// 1 − energy ÷ capacity)] so that the energy fits; where even the minimum SoC leaves too little room, the SoC is the minimum
/// and the energy is trimmed to the room (counted). A vehicle is V2G-capable with probability
/// <see cref="SessionFleetAssumptions.V2gShare"/> and then discharges up to its charging power; the site limit is
/// <see cref="SessionFleetAssumptions.SiteLimitShare"/> of the summed charging limits.
/// </para>
/// </remarks>
public sealed class SessionFleetProfile
{
    /// <summary>Steps in the day a profile covers.</summary>
    public const int DaySteps = FleetGenerator.DaySteps;

    /// <summary>
    /// How far, in steps either way, <see cref="Day"/> spreads the copies of one logged session (an hour): a logged car
    /// stands for several that come near its time, not at the same minute.
    /// </summary>
    public const int DayCopySpreadSteps = 4;

    private static readonly double[] AcLevelsKw = [3.7, 7.4, 11, 22];

    private readonly int[] _arrival;
    private readonly int[] _departure;
    private readonly double[] _energyKwh;
    private readonly double[] _chargerKw;
    private readonly BatteryChemistry?[] _chemistry;
    private readonly DateOnly[] _date;
    private readonly Lazy<Dictionary<DateOnly, int[]>> _byDate;

    private SessionFleetProfile(
        SessionFleetAssumptions assumptions, int[] arrival, int[] departure, double[] energyKwh, double[] chargerKw, BatteryChemistry?[] chemistry, DateOnly[] date, SessionProfileSummary summary)
    {
        Assumptions = assumptions;
        _arrival = arrival;
        _departure = departure;
        _energyKwh = energyKwh;
        _chargerKw = chargerKw;
        _chemistry = chemistry;
        _date = date;
        _byDate = new(() => Enumerable.Range(0, date.Length).GroupBy(i => date[i]).ToDictionary(g => g.Key, g => g.ToArray()));
        Days = date.Length == 0 ? null : (date.Min(), date.Max());
        Summary = summary;
    }

    /// <summary>The assumptions the profile was built with and draws with.</summary>
    public SessionFleetAssumptions Assumptions { get; }

    /// <summary>Counts and means of the sessions behind the profile.</summary>
    public SessionProfileSummary Summary { get; }

    /// <summary>Number of vehicle-days the generator draws from.</summary>
    public int Count => _arrival.Length;

    /// <summary>Arrival step of each vehicle-day.</summary>
    public ReadOnlySpan<int> Arrival => _arrival;

    /// <summary>Departure step (exclusive) of each vehicle-day, at most <see cref="DaySteps"/>.</summary>
    public ReadOnlySpan<int> Departure => _departure;

    /// <summary>Energy need of each vehicle-day, in kWh, before the battery is drawn.</summary>
    public ReadOnlySpan<double> EnergyKwh => _energyKwh;

    /// <summary>Charging power of each vehicle-day, in kW.</summary>
    public ReadOnlySpan<double> ChargerKw => _chargerKw;

    /// <summary>The calendar day of each vehicle-day (the local date its session began, plus a day per midnight carried over).</summary>
    public ReadOnlySpan<DateOnly> Date => _date;

    /// <summary>The first and last calendar days with a vehicle-day, or null when the profile kept none.</summary>
    public (DateOnly First, DateOnly Last)? Days { get; }

    /// <summary>
    /// Vehicle-days per calendar day on average, over every day from <see cref="Days"/>' first to its last (days without a
    /// session count as none): the size of the operator's mean day.
    /// </summary>
    public double MeanVehicleDaysPerDay => Days is { } d ? (double)Count / (d.Last.DayNumber - d.First.DayNumber + 1) : 0;

    /// <summary>The <see cref="Day"/> scale that makes the mean day hold <paramref name="vehicles"/> vehicles.</summary>
    /// <exception cref="InvalidOperationException">The profile kept no session.</exception>
    public double ScaleFor(int vehicles) => MeanVehicleDaysPerDay > 0
        ? vehicles / MeanVehicleDaysPerDay
        : throw new InvalidOperationException($"The profile kept none of its {Summary.SessionsRead} sessions, so it has no day to scale.");

    /// <summary>Vehicle-days on <paramref name="date"/>.</summary>
    public int VehicleDaysOn(DateOnly date) => _byDate.Value.TryGetValue(date, out var on) ? on.Length : 0;

    /// <summary>Builds a profile from sessions (see the class remarks for the rules).</summary>
    /// <param name="sessions">The sessions; each must end after it starts.</param>
    /// <param name="assumptions">The assumptions; <see cref="SessionFleetAssumptions.Default"/> when omitted.</param>
    /// <exception cref="ArgumentException">A session does not end after it starts, or an assumption is out of range.</exception>
    public static SessionFleetProfile FromSessions(IEnumerable<ChargingSession> sessions, SessionFleetAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var a = assumptions ?? SessionFleetAssumptions.Default;
        a.Validate();

        var arrival = new List<int>();
        var departure = new List<int>();
        var energy = new List<double>();
        var charger = new List<double>();
        var chemistry = new List<BatteryChemistry?>();
        var dates = new List<DateOnly>();
        var excluded = new Dictionary<SessionExclusion, int>();
        int read = 0, used = 0, overnight = 0, trimmed = 0, inferred = 0;
        double staySum = 0, energySum = 0, chargerSum = 0, dayStepsSum = 0, dayEnergySum = 0;
        var maxRatePerStep = a.FeasibleShare * a.ChargeEfficiency * FleetRequest.StepHours;

        foreach (var session in sessions)
        {
            read++;
            var stayHours = (session.End - session.Start).TotalHours;
            if (!(stayHours > 0))
            {
                throw new ArgumentException($"Session {read} at {session.Site} ends at {session.End:s}, not after its start {session.Start:s}.", nameof(sessions));
            }

            // A chemistry the session names (checked when the file was read) stays with its vehicle.
            BatteryChemistry? pack = session.Chemistry is { } named ? WearPriceBook.ParseChemistry(named) : null;
            var exclusion = Classify(session, stayHours, a, out var kw, out var wasInferred);
            if (exclusion is { } reason)
            {
                excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
                continue;
            }

            used++;
            inferred += wasInferred ? 1 : 0;
            staySum += stayHours;
            energySum += session.EnergyKWh;
            chargerSum += kw;

            var start = (int)(session.Start.TimeOfDay.TotalMinutes / 15);
            var steps = Math.Max(1, (int)Math.Round(stayHours / FleetRequest.StepHours, MidpointRounding.AwayFromZero));
            var end = start + steps;
            overnight += end > DaySteps ? 1 : 0;
            var perStep = session.EnergyKWh / steps;
            if (perStep > maxRatePerStep * kw)
            {
                perStep = maxRatePerStep * kw;
                trimmed++;
            }

            for (var dayStart = 0; dayStart < end && (a.CarryOver || dayStart == 0); dayStart += DaySteps)
            {
                var from = Math.Max(start, dayStart) - dayStart;
                var to = Math.Min(end, dayStart + DaySteps) - dayStart;
                arrival.Add(from);
                departure.Add(to);
                energy.Add(perStep * (to - from));
                charger.Add(kw);
                chemistry.Add(pack);
                dates.Add(DateOnly.FromDateTime(session.Start).AddDays(dayStart / DaySteps));
                dayStepsSum += to - from;
                dayEnergySum += perStep * (to - from);
            }
        }

        var days = arrival.Count;
        var summary = new SessionProfileSummary(
            read,
            used,
            excluded,
            days,
            overnight,
            trimmed,
            inferred,
            used == 0 ? 0 : staySum / used,
            used == 0 ? 0 : energySum / used,
            used == 0 ? 0 : chargerSum / used,
            days == 0 ? 0 : dayStepsSum * FleetRequest.StepHours / days,
            days == 0 ? 0 : dayEnergySum / days);
        return new SessionFleetProfile(a, [.. arrival], [.. departure], [.. energy], [.. charger], [.. chemistry], [.. dates], summary);
    }

    /// <summary>Draws <paramref name="vehicleCount"/> vehicles; the same seed gives the same fleet.</summary>
    /// <param name="vehicleCount">Number of vehicles, zero or more.</param>
    /// <param name="seed">Seed of the random draws.</param>
    /// <exception cref="InvalidOperationException">Vehicles are asked for but the profile kept no session.</exception>
    public Fleet Generate(int vehicleCount, int seed) => Generate(vehicleCount, seed, out _);

    /// <summary>Draws <paramref name="vehicleCount"/> vehicles and counts those whose energy was trimmed to the battery's room.</summary>
    /// <param name="vehicleCount">Number of vehicles, zero or more.</param>
    /// <param name="seed">Seed of the random draws.</param>
    /// <param name="trimmedToBattery">Vehicles whose need did not fit in the battery even at the lowest arrival state of charge.</param>
    /// <exception cref="InvalidOperationException">Vehicles are asked for but the profile kept no session.</exception>
    public Fleet Generate(int vehicleCount, int seed, out int trimmedToBattery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vehicleCount);
        if (vehicleCount > 0 && Count == 0)
        {
            throw new InvalidOperationException($"The profile kept none of its {Summary.SessionsRead} sessions, so no vehicle can be drawn.");
        }

        var random = new Random(seed);
        return Build(vehicleCount, _ => random.Next(_arrival.Length), random, seed, null, out trimmedToBattery);
    }

    /// <summary>
    /// The fleet of calendar day <paramref name="date"/>: every vehicle-day of that day taken <paramref name="scale"/>
    /// times (the whole part always, one more with the fractional part's probability), so that the fleet keeps the day's
    /// own arrivals, stays and needs at the operator's size, and a busy day brings more vehicles than a quiet one. Each copy
    /// comes up to <see cref="DayCopySpreadSteps"/> steps before or after the logged car (uniformly; the stay kept, cut to
    /// the day with its need in proportion), except a car plugged in at midnight, which stays so. Battery,
    /// state of charge and V2G capability are drawn per vehicle as in <see cref="Generate(int, int)"/>. The site limit is
    /// the operator's, the same every day: <see cref="SessionFleetAssumptions.SiteLimitShare"/> of the summed charger limits
    /// of its mean day at this scale.
    /// </summary>
    /// <param name="date">The calendar day.</param>
    /// <param name="scale">Vehicles per logged vehicle-day (the operator's size over its logged network's), above zero.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive finite number.</exception>
    /// <exception cref="ArgumentException">The date is outside the days the profile covers.</exception>
    public Fleet Day(DateOnly date, double scale, int seed)
    {
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The vehicles per logged vehicle-day must be a positive number.");
        }

        if (Days is not { } days || date < days.First || date > days.Last)
        {
            throw new ArgumentException(
                Days is { } d ? $"{date:yyyy-MM-dd} is outside the sessions' days ({d.First:yyyy-MM-dd} to {d.Last:yyyy-MM-dd})." : "The profile kept no session, so it has no day.",
                nameof(date));
        }

        var random = new Random(seed);
        var whole = (int)Math.Floor(scale);
        var part = scale - whole;
        var drawn = new List<int>();
        var shifts = new List<int>();
        foreach (var k in _byDate.Value.GetValueOrDefault(date, []))
        {
            var copies = whole + (random.NextDouble() < part ? 1 : 0);
            for (var c = 0; c < copies; c++)
            {
                drawn.Add(k);

                // A car already plugged in at midnight stays so; the others come within an hour of the logged one.
                shifts.Add(_arrival[k] == 0 ? 0 : random.Next(-DayCopySpreadSteps, DayCopySpreadSteps + 1));
            }
        }

        var meanDayChargerKw = 0.0;
        foreach (var kw in _chargerKw)
        {
            meanDayChargerKw += kw;
        }

        meanDayChargerKw *= scale / (days.Last.DayNumber - days.First.DayNumber + 1);
        return Build(drawn.Count, i => drawn[i], random, seed, Assumptions.SiteLimitShare * meanDayChargerKw, out _, [.. shifts]);
    }

    /// <summary>
    /// <paramref name="vehicleCount"/> vehicles, vehicle i of the vehicle-day <paramref name="pick"/>(i) (called in order,
    /// before that vehicle's own draws), with battery, state of charge and V2G capability drawn from
    /// <paramref name="random"/>; a site limit of <paramref name="siteLimitKw"/>, or the assumptions' share of the fleet's
    /// own summed charger limits when null.
    /// </summary>
    private Fleet Build(int vehicleCount, Func<int, int> pick, Random random, int seed, double? siteLimitKw, out int trimmedToBattery, int[]? shifts = null)
    {
        var a = Assumptions;
        var drawn = new int[vehicleCount];
        var columns = new FleetColumns(vehicleCount);
        var (arrival, departure, energy, capacity, soc) = (columns.Arrival, columns.Departure, columns.EnergyNeededKwh, columns.CapacityKwh, columns.ArrivalSoc);
        var (charge, discharge, etaCharge, etaDischarge) = (columns.MaxChargeKw, columns.MaxDischargeKw, columns.ChargeEfficiency, columns.DischargeEfficiency);
        var capacitySpan = a.MaxCapacityKwh - a.MinCapacityKwh;
        var trims = 0;

        for (var i = 0; i < vehicleCount; i++)
        {
            var k = drawn[i] = pick(i);
            var cap = a.MinCapacityKwh + capacitySpan * random.NextDouble();
            var uSoc = random.NextDouble();
            var kw = _chargerKw[k];
            var need = _energyKwh[k];
            var (from, to) = (_arrival[k], _departure[k]);
            if (shifts is not null && shifts[i] != 0)
            {
                // The stay moved by the shift, cut to the day, its need to the share of the stay left.
                var shifted = (From: Math.Clamp(from + shifts[i], 0, DaySteps - 1), To: Math.Clamp(to + shifts[i], 1, DaySteps));
                shifted.To = Math.Max(shifted.To, shifted.From + 1);
                need *= (double)(shifted.To - shifted.From) / (to - from);
                (from, to) = shifted;
            }

            var highestSoc = Math.Min(a.MaxArrivalSoc, 1 - need / cap);
            double arrivalSoc;
            if (highestSoc >= a.MinArrivalSoc)
            {
                arrivalSoc = a.MinArrivalSoc + (highestSoc - a.MinArrivalSoc) * uSoc;
            }
            else
            {
                arrivalSoc = a.MinArrivalSoc;
                trims++;
            }

            arrival[i] = from;
            departure[i] = to;
            capacity[i] = cap;
            soc[i] = arrivalSoc;
            energy[i] = Math.Min(need, cap * (1 - arrivalSoc));
            charge[i] = kw;
            discharge[i] = random.NextDouble() < a.V2gShare ? kw : 0;
            etaCharge[i] = a.ChargeEfficiency;
            etaDischarge[i] = a.DischargeEfficiency;
        }

        trimmedToBattery = trims;
        (a.Chemistries ?? ChemistryMix.Default).Assign(vehicleCount, seed).CopyTo(columns.Chemistry, 0);
        for (var i = 0; i < vehicleCount; i++)
        {
            if (_chemistry[drawn[i]] is { } named)
            {
                columns.Chemistry[i] = named;
            }
        }

        return siteLimitKw is { } limit ? columns.ToFleetLimited(limit) : columns.ToFleet(a.SiteLimitShare);
    }

    /// <summary>The reason to leave a session out, or <see langword="null"/> with its charging power.</summary>
    private static SessionExclusion? Classify(ChargingSession session, double stayHours, SessionFleetAssumptions a, out double kw, out bool inferred)
    {
        inferred = session.RatedPowerKw is null;
        var rated = session.RatedPowerKw ?? session.EnergyKWh / stayHours;
        kw = 0;
        if (rated >= a.RapidThresholdKw)
        {
            return SessionExclusion.DcRapid;
        }

        if (session.EnergyKWh < a.MinEnergyKwh)
        {
            return SessionExclusion.NoEnergy;
        }

        if (stayHours > a.MaxStayHours)
        {
            return SessionExclusion.TooLong;
        }

        kw = Math.Min(inferred ? InferAcKw(rated, a.MaxAcKw) : rated, a.MaxAcKw);
        return null;
    }

    private static double InferAcKw(double meanKw, double maxAcKw)
    {
        foreach (var level in AcLevelsKw)
        {
            if (level >= meanKw)
            {
                return level;
            }
        }

        return maxAcKw;
    }
}
