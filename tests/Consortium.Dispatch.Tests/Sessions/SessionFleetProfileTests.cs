using Consortium.Data.Councils;
using Consortium.Data.Sessions;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Tests.Sessions;

public class SessionFleetProfileTests
{
    private static readonly Lazy<ScottishCouncilData> Bundled = new(() => ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()));

    private static readonly DateTime Day = new(2018, 1, 10);

    // Feasible energy per step and kW with the default assumptions: 90 % × 93 % × 0.25 h.
    private const double RatePerKwStep = 0.9 * 0.93 * 0.25;

    private static ChargingSession Session(int hour, int minute, double stayMinutes, double kwh, double? ratedKw) =>
        new("Site", "cp", Day.AddHours(hour).AddMinutes(minute), Day.AddHours(hour).AddMinutes(minute + stayMinutes), kwh, ratedKw);

    private static readonly ChargingSession[] HandMade =
    [
        Session(8, 7, 8 * 60, 14, 7),            // steps 32..64, all of it
        Session(18, 0, 12 * 60, 24, 22),         // overnight: 72..96 and, carried over, 0..24, half the energy each
        Session(9, 0, 30, 20, 50),               // DC rapid
        Session(10, 0, 120, 0, 7),               // no energy
        Session(12, 0, 96 * 60, 30, 7),          // four days: too long
        Session(10, 0, 60, 5, null),             // unrated, 5 kW mean: inferred 7.4 kW
        Session(12, 0, 30, 6, 7),                // 6 kWh in two steps on 7 kW: trimmed
        Session(10, 0, 10, 10, null),            // unrated, 60 kW mean: DC rapid
        Session(9, 14, 22, 1, 7),                // 09:14 is step 36; 22 minutes round to one step
        Session(20, 0, 50 * 60, 50, 22),         // two nights: 80..96, 0..96, 0..88
    ];

    [Fact]
    public void HandMadeSessionsGiveExactlyTheExpectedVehicleDays()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);

        Assert.Equal([32, 72, 0, 40, 48, 36, 80, 0, 0], profile.Arrival.ToArray());
        Assert.Equal([64, 96, 24, 44, 50, 37, 96, 96, 88], profile.Departure.ToArray());
        Assert.Equal([7, 22, 22, 7.4, 7, 7, 22, 22, 22], profile.ChargerKw.ToArray());
        double[] energy = [14, 12, 12, 5, 2 * 7 * RatePerKwStep, 1, 4, 24, 22];
        Assert.Equal(energy.Length, profile.Count);
        for (var i = 0; i < energy.Length; i++)
        {
            Assert.Equal(energy[i], profile.EnergyKwh[i], 12);
        }
    }

    [Fact]
    public void TheSummaryCountsWhatWasUsedAndWhy()
    {
        var summary = SessionFleetProfile.FromSessions(HandMade).Summary;

        Assert.Equal(10, summary.SessionsRead);
        Assert.Equal(6, summary.SessionsUsed);
        Assert.Equal(4, summary.ExcludedTotal);
        Assert.Equal(2, summary.Excluded[SessionExclusion.DcRapid]);
        Assert.Equal(1, summary.Excluded[SessionExclusion.NoEnergy]);
        Assert.Equal(1, summary.Excluded[SessionExclusion.TooLong]);
        Assert.Equal(9, summary.VehicleDays);
        Assert.Equal(2, summary.OvernightSessions);
        Assert.Equal(2 / 6.0, summary.OvernightShare, 12);
        Assert.Equal(1, summary.TrimmedToCharger);
        Assert.Equal(1, summary.ChargerPowerInferred);
        Assert.Equal((8 + 12 + 1 + 0.5 + 22 / 60.0 + 50) / 6, summary.MeanStayHours, 9);
        Assert.Equal((14 + 24 + 5 + 6 + 1 + 50) / 6.0, summary.MeanEnergyKwh, 12);
        Assert.Equal((7 + 22 + 7.4 + 7 + 7 + 22) / 6, summary.MeanChargerKw, 12);
        Assert.Equal((32 + 24 + 24 + 4 + 2 + 1 + 16 + 96 + 88) * 0.25 / 9, summary.MeanVehicleDayHours, 12);
        Assert.Contains("DcRapid: 2", summary.ToString());
    }

    [Fact]
    public void WithoutCarryOverOnlyTheArrivalDayOfAStayIsKept()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade, new SessionFleetAssumptions(CarryOver: false));

        Assert.Equal([32, 72, 40, 48, 36, 80], profile.Arrival.ToArray());
        Assert.Equal([64, 96, 44, 50, 37, 96], profile.Departure.ToArray());
        Assert.Equal(12, profile.EnergyKwh[1], 12);
        Assert.Equal(4, profile.EnergyKwh[5], 12);
        Assert.Equal(2, profile.Summary.OvernightSessions);
    }

    [Fact]
    public void TheSameSeedGivesTheSameFleetAndAnotherSeedADifferentOne()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);

        var first = profile.Generate(2000, 11);
        var again = profile.Generate(2000, 11);
        var other = profile.Generate(2000, 12);

        Assert.Equal(first.Arrival, again.Arrival);
        Assert.Equal(first.Departure, again.Departure);
        Assert.Equal(first.EnergyNeededKwh, again.EnergyNeededKwh);
        Assert.Equal(first.CapacityKwh, again.CapacityKwh);
        Assert.Equal(first.ArrivalSoc, again.ArrivalSoc);
        Assert.Equal(first.MaxDischargeKw, again.MaxDischargeKw);
        Assert.Equal(first.SiteLimitKw, again.SiteLimitKw);
        Assert.NotEqual(first.Arrival, other.Arrival);
    }

    [Fact]
    public void EveryDrawnVehicleComesFromOneVehicleDayAndCanMeetItsNeedAlone()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);
        var days = Enumerable.Range(0, profile.Count)
            .Select(k => (profile.Arrival[k], profile.Departure[k], profile.ChargerKw[k]))
            .ToHashSet();

        var fleet = profile.Generate(20_000, 5);

        AssertFeasibleAlone(fleet);
        var v2g = 0;
        var chargerSum = 0.0;
        for (var i = 0; i < fleet.Count; i++)
        {
            Assert.Contains((fleet.Arrival[i], fleet.Departure[i], fleet.MaxChargeKw[i]), days);
            Assert.True(fleet.MaxDischargeKw[i] == 0 || fleet.MaxDischargeKw[i] == fleet.MaxChargeKw[i]);
            v2g += fleet.MaxDischargeKw[i] > 0 ? 1 : 0;
            chargerSum += fleet.MaxChargeKw[i];
        }

        Assert.InRange(v2g / (double)fleet.Count, 0.38, 0.42);
        Assert.Equal(0.5 * chargerSum, fleet.SiteLimitKw, 6);
    }

    [Fact]
    public void ANeedTooLargeForTheBatteryIsTrimmedToTheRoomAndCounted()
    {
        var profile = SessionFleetProfile.FromSessions([Session(0, 0, 95 * 15, 60, 22)]);

        var fleet = profile.Generate(1000, 1, out var trimmed);

        // 60 kWh fits above 20 % only in batteries of 75 kWh or more: about 7 in 8 vehicles are trimmed.
        Assert.InRange(trimmed, 800, 950);
        AssertFeasibleAlone(fleet);
        Assert.All(fleet.EnergyNeededKwh, e => Assert.True(e <= 60));
    }

    [Fact]
    public void AProfileWithoutSessionsDrawsNoVehicles()
    {
        var profile = SessionFleetProfile.FromSessions([Session(9, 0, 30, 20, 50)]);

        Assert.Equal(0, profile.Count);
        Assert.Equal(0, profile.Generate(0, 1).Count);
        Assert.Throws<InvalidOperationException>(() => profile.Generate(1, 1));
    }

    [Fact]
    public void ASessionEndingBeforeItStartsIsAnError()
    {
        var backwards = new ChargingSession("Site", "cp", Day.AddHours(2), Day.AddHours(1), 5, 7);
        Assert.Throws<ArgumentException>(() => SessionFleetProfile.FromSessions([backwards]));
    }

    [Fact]
    public void TheBundledSessionsGiveAPlausibleProfile()
    {
        var profile = SessionFleets.ForAll(Bundled.Value);
        var summary = profile.Summary;

        Assert.True(summary.SessionsUsed > 20_000, summary.ToString());
        Assert.True(summary.Excluded[SessionExclusion.DcRapid] > summary.SessionsUsed, "most public sessions are on rapid chargers");
        Assert.InRange(summary.MeanStayHours, 2, 12);
        Assert.InRange(summary.MeanEnergyKwh, 4, 15);
        Assert.InRange(summary.MeanChargerKw, 7, 22);
        Assert.InRange(summary.OvernightShare, 0.1, 0.4);

        // A million vehicles drawn with replacement are plugged in, step by step, in the proportions of the profile's vehicle-days.
        var fleet = profile.Generate(1_000_000, 42);
        Assert.Equal(1_000_000, fleet.Count);
        var expected = Occupancy(profile.Arrival, profile.Departure);
        var drawn = Occupancy(fleet.Arrival, fleet.Departure);
        for (var t = 0; t < SessionFleetProfile.DaySteps; t++)
        {
            Assert.InRange(drawn[t], expected[t] - 0.003, expected[t] + 0.003);
        }

        Assert.True(expected[12] > 0.1, $"{expected[12]:P1} of vehicle-days are plugged in at 3 am: overnight stays are carried over.");
    }

    [Fact]
    public void EachPlannedOperatorGetsAProfileOfItsOwnSites()
    {
        var data = Bundled.Value;
        var plans = data.Plan(3);

        var profiles = SessionFleets.PerOperator(data, plans);

        Assert.Equal(plans.Select(p => p.Name), profiles.Select(p => p.Plan.Name));
        foreach (var council in ScottishCouncilData.Councils)
        {
            var whole = SessionFleets.ForCouncil(data, council).Summary;
            var parts = profiles.Where(p => p.Plan.Council == council).Select(p => p.Profile.Summary).ToList();
            Assert.Equal(whole.SessionsUsed, parts.Sum(s => s.SessionsUsed));
        }

        foreach (var operatorProfile in profiles)
        {
            Assert.True(operatorProfile.Profile.Count > 100, $"{operatorProfile.Plan.Name}: {operatorProfile.Profile.Summary}");
            AssertFeasibleAlone(operatorProfile.Profile.Generate(5000, 3));
        }
    }

    private static double[] Occupancy(ReadOnlySpan<int> arrival, ReadOnlySpan<int> departure)
    {
        var share = new double[SessionFleetProfile.DaySteps];
        for (var i = 0; i < arrival.Length; i++)
        {
            for (var t = arrival[i]; t < departure[i]; t++)
            {
                share[t] += 1.0 / arrival.Length;
            }
        }

        return share;
    }

    private static void AssertFeasibleAlone(Fleet fleet)
    {
        for (var i = 0; i < fleet.Count; i++)
        {
            Assert.InRange(fleet.Arrival[i], 0, SessionFleetProfile.DaySteps - 1);
            Assert.InRange(fleet.Departure[i], fleet.Arrival[i] + 1, SessionFleetProfile.DaySteps);
            Assert.InRange(fleet.CapacityKwh[i], 40, 80);
            Assert.InRange(fleet.ArrivalSoc[i], 0.2, 0.8);
            var deliverable = 0.9 * fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * 0.25 * (fleet.Departure[i] - fleet.Arrival[i]);
            Assert.True(fleet.EnergyNeededKwh[i] <= deliverable + 1e-9, $"Vehicle {i} wants more than 90 % of what its charger delivers.");
            Assert.True(fleet.EnergyNeededKwh[i] <= fleet.CapacityKwh[i] * (1 - fleet.ArrivalSoc[i]) + 1e-9, $"Vehicle {i} wants more than its battery holds.");
        }
    }

    [Fact]
    public void AVehicleDrawnFromASessionThatNamesItsPackHasThatChemistryAndTheOthersTheMix()
    {
        // Two sessions, one naming an NCA pack and one naming none, under a mix that has no NCA.
        ChargingSession[] sessions =
        [
            Session(8, 0, 8 * 60, 14, 7) with { Chemistry = "NCA" },
            Session(18, 0, 4 * 60, 10, 7),
        ];
        var profile = SessionFleetProfile.FromSessions(sessions, SessionFleetAssumptions.Default with { Chemistries = ChemistryMix.Single(BatteryChemistry.Lfp) });

        var fleet = profile.Generate(200, 3);

        for (var i = 0; i < fleet.Count; i++)
        {
            // Session 0 arrives at step 32, session 1 at step 72.
            var expected = fleet.Arrival[i] == 32 ? BatteryChemistry.Nca : BatteryChemistry.Lfp;
            Assert.Equal(expected, fleet.Chemistry[i]);
        }

        Assert.Contains(BatteryChemistry.Nca, fleet.Chemistry);
        Assert.Contains(BatteryChemistry.Lfp, fleet.Chemistry);
    }

    [Fact]
    public void EachVehicleDayKeepsItsCalendarDayAndMidnightsCarryItToTheNext()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);
        var (jan10, jan11, jan12) = (DateOnly.FromDateTime(Day), DateOnly.FromDateTime(Day).AddDays(1), DateOnly.FromDateTime(Day).AddDays(2));

        Assert.Equal([jan10, jan10, jan11, jan10, jan10, jan10, jan10, jan11, jan12], profile.Date.ToArray());
        Assert.Equal((jan10, jan12), profile.Days);
        Assert.Equal(3.0, profile.MeanVehicleDaysPerDay);
        Assert.Equal(6, profile.VehicleDaysOn(jan10));
        Assert.Equal(0, profile.VehicleDaysOn(jan12.AddDays(1)));
        Assert.Equal(4.0, profile.ScaleFor(12));
        Assert.Throws<InvalidOperationException>(() => SessionFleetProfile.FromSessions([HandMade[2]]).ScaleFor(12));
    }

    [Fact]
    public void ACalendarDayTakesThatDaysVehicleDaysScaledAndSpreadWithinAnHour()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);
        var jan10 = DateOnly.FromDateTime(Day);

        var fleet = profile.Day(jan10, 5, seed: 3);

        // Six vehicle-days on the 10th, each taken five times; every copy within an hour of its logged car, its stay kept
        // unless the day's end cuts it, and never more energy than its logged car's.
        Assert.Equal(30, fleet.Count);
        (int Arrival, int Departure, double Kwh)[] logged = [(32, 64, 14), (72, 96, 12), (40, 44, 5), (48, 50, 2 * 7 * RatePerKwStep), (36, 37, 1), (80, 96, 4)];
        var shifted = 0;
        for (var v = 0; v < fleet.Count; v++)
        {
            var match = logged.Where(l => Math.Abs(fleet.Arrival[v] - l.Arrival) <= SessionFleetProfile.DayCopySpreadSteps
                && (fleet.Departure[v] - fleet.Arrival[v] == l.Departure - l.Arrival || fleet.Departure[v] == SessionFleetProfile.DaySteps)).ToArray();
            Assert.NotEmpty(match);
            Assert.True(fleet.EnergyNeededKwh[v] <= match.Max(m => m.Kwh) + 1e-9, $"vehicle {v} needs {fleet.EnergyNeededKwh[v]} kWh");
            shifted += logged.Any(l => l.Arrival == fleet.Arrival[v]) ? 0 : 1;
        }

        Assert.True(shifted > 0, "no copy moved from its logged car's arrival");
        Assert.Equal(fleet.Arrival.ToArray(), profile.Day(jan10, 5, seed: 3).Arrival.ToArray());
    }

    [Fact]
    public void ACarPluggedInAtMidnightStaysPluggedInAndTheSiteLimitIsTheSameOnABusyDayAndAQuietOne()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);
        var jan10 = DateOnly.FromDateTime(Day);

        var quiet = profile.Day(jan10.AddDays(2), 4, seed: 1);
        var busy = profile.Day(jan10, 4, seed: 1);

        Assert.Equal(4, quiet.Count);
        Assert.All(quiet.Arrival.ToArray(), a => Assert.Equal(0, a));
        Assert.All(quiet.Departure.ToArray(), d => Assert.Equal(88, d));
        Assert.Equal(24, busy.Count);
        Assert.Equal(busy.SiteLimitKw, quiet.SiteLimitKw, 9);

        // The mean day's summed charger limits at this scale, times the share: (7 + 22 + 22 + 7.4 + 7 + 7 + 22 + 22 + 22) / 3 × 4.
        Assert.Equal(SessionFleetAssumptions.Default.SiteLimitShare * (138.4 / 3 * 4), busy.SiteLimitKw, 9);
    }

    [Fact]
    public void ADayOutsideTheSessionsOrANonPositiveScaleIsRefusedByName()
    {
        var profile = SessionFleetProfile.FromSessions(HandMade);
        var jan10 = DateOnly.FromDateTime(Day);

        var early = Assert.Throws<ArgumentException>(() => profile.Day(jan10.AddDays(-1), 1, 1));
        Assert.Contains("2018-01-09 is outside the sessions' days (2018-01-10 to 2018-01-12)", early.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => profile.Day(jan10, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => profile.Day(jan10, double.NaN, 1));
    }

    [Fact]
    public void CalendarFleetsSizeEveryOperatorsMeanDayAndABusyDayBringsMoreVehicles()
    {
        var calendar = CalendarFleets.Load(4, 2000, TextWriter.Null);
        var days = Enumerable.Range(0, 28).Select(d => new DateOnly(2018, 3, 5).AddDays(d)).ToArray();

        var counts = days.Select(d => calendar.On(d, 1, SessionFleetProfile.DaySteps).Sum(f => f.Count)).ToArray();

        Assert.Equal(4, calendar.Operators.Count);
        Assert.InRange(counts.Average(), 1500, 2500);
        Assert.True(counts.Max() > 1.2 * counts.Min(), $"four weeks of days from {counts.Min()} to {counts.Max()} vehicles");
        Assert.Throws<ArgumentException>(() => calendar.On(calendar.Last.AddDays(1), 1, SessionFleetProfile.DaySteps));
    }
}
