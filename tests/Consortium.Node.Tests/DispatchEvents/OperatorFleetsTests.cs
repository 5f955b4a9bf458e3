using Consortium.Data.Councils;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Import;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// An operator node draws its dispatch fleet from the charging sessions at its own sites that the import kept in its own
/// store: the same fleet <see cref="SessionFleets.PerOperator"/> gives from the bundled data for its plan, without the
/// node reading anyone else's data.
/// </summary>
public sealed class OperatorFleetsTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-fleets-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public void EachOperatorsFleetIsDrawnFromTheSessionsAtItsOwnSites()
    {
        var data = ScottishCouncilData.Load(ScottishCouncilData.LocateRoot());
        var plans = CouncilImport.Run(data, _dataDir, 3, TextWriter.Null);
        var profiles = SessionFleets.PerOperator(data, plans);
        for (var i = 0; i < plans.Count; i++)
        {
            using var store = new NodeStore(CouncilImport.StorePath(_dataDir, plans[i].Name));
            var sessions = store.LoadSessions();
            Assert.NotNull(sessions);
            Assert.All(sessions, s => Assert.Contains(s.Site, plans[i].Sites));
            Assert.Equal(profiles[i].Profile.Summary.SessionsRead, sessions.Count);

            var seed = 40 + i;
            var built = OperatorFleets.Build(store, new OperatorFleetOptions(500, seed)).Fleet!;
            AssertSameFleet(profiles[i].Profile.Generate(500, seed), built);
            AssertSameFleet(built, OperatorFleets.Build(store, new OperatorFleetOptions(500, seed)).Fleet!);

            // The synthetic generator stays available.
            AssertSameFleet(FleetGenerator.Generate(500, seed), OperatorFleets.Build(store, new OperatorFleetOptions(500, seed, Source: OperatorFleetSource.Synthetic)).Fleet!);
        }
    }

    [Fact]
    public void OnACalendarDayTheFleetIsThatDaysSessionsAndItsHistoryTheSameWeekdaysBefore()
    {
        var data = ScottishCouncilData.Load(ScottishCouncilData.LocateRoot());
        var plans = CouncilImport.Run(data, _dataDir, 3, TextWriter.Null);
        var profile = SessionFleets.PerOperator(data, plans)[0].Profile;
        using var store = new NodeStore(CouncilImport.StorePath(_dataDir, plans[0].Name));
        var day = new DateOnly(2018, 8, 15);
        var options = new OperatorFleetOptions(500, 9) { Date = day };
        var scale = profile.ScaleFor(500);

        var fleet = OperatorFleets.Build(store, options).Fleet!;
        var history = OperatorFleets.History(store, options, 3);

        Assert.Equal(500, scale * profile.MeanVehicleDaysPerDay, 9);
        AssertSameFleet(profile.Day(day, scale, 9), fleet);
        Assert.Equal(3, history.Count);
        for (var k = 1; k <= 3; k++)
        {
            AssertSameFleet(profile.Day(day.AddDays(-7 * k), scale, 9 + k), history[k - 1].Fleet!);
        }

        // The day's own sessions, so its size is the day's, not the option's.
        Assert.InRange(fleet.Count, scale * (profile.VehicleDaysOn(day) - 1), scale * (profile.VehicleDaysOn(day) + 1));
        var synthetic = Assert.Throws<ArgumentException>(() => OperatorFleets.Build(store, options with { Source = OperatorFleetSource.Synthetic }));
        Assert.Contains("a synthetic fleet has no calendar", synthetic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreWithoutSessionsCannotServeASessionFleet()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "empty", "node.db"));
        var none = OperatorFleets.Build(store, new OperatorFleetOptions(10, 1));
        Assert.Null(none.Fleet);
        Assert.Equal(DeclineReason.Unavailable, none.Decline!.Reason);
        Assert.Contains("no charging sessions", none.Decline.Detail);
        Assert.Equal(10, OperatorFleets.Build(store, new OperatorFleetOptions(10, 1, Source: OperatorFleetSource.Synthetic)).Fleet!.Count);
    }

    [Fact]
    public void SitesWhoseSessionsCannotBeDrawnFromGiveNoDispatchableFleetAndSayWhy()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "rapid", "node.db"));
        store.SaveSessions(RapidOnlySessions.Create(40));

        var none = OperatorFleets.Build(store, new OperatorFleetOptions(10, 1));

        Assert.Null(none.Fleet);
        Assert.Equal(DeclineReason.NoDispatchableFleet, none.Decline!.Reason);
        Assert.Equal("none of the 40 charging sessions at its sites can be drawn from (40 at DC rapid chargers)", none.Decline.Detail);
    }

    [Fact]
    public void SessionsKeepTheirPackChemistryInTheStoreAndGiveItToTheVehiclesDrawnFromThem()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "packs", "node.db"));
        var day = new DateTime(2018, 1, 10, 8, 0, 0);
        Data.Sessions.ChargingSession[] sessions =
        [
            new("Site", "cp1", day, day.AddHours(8), 14, 7, "NCA"),
            new("Site", "cp2", day.AddHours(10), day.AddHours(12), 6, 7),
        ];
        store.SaveSessions(sessions);

        Assert.Equal(sessions, store.LoadSessions());
        var fleet = OperatorFleets.Build(store, new OperatorFleetOptions(50, 1)).Fleet!;
        for (var i = 0; i < fleet.Count; i++)
        {
            if (fleet.Arrival[i] == 32)
            {
                Assert.Equal(Dispatch.Wear.BatteryChemistry.Nca, fleet.Chemistry[i]);
            }
        }

        Assert.Contains(32, fleet.Arrival);
    }

    [Fact]
    public void ANodeStartedWithoutVehiclesHasNoDispatchableFleet()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "none", "node.db"));
        Assert.Equal(DeclineReason.NoDispatchableFleet, OperatorFleets.Build(store, new OperatorFleetOptions(0, 1)).Decline!.Reason);
        Assert.Equal(DeclineReason.NoDispatchableFleet, DispatchableFleet.Of(FleetGenerator.Generate(0, 1)).Decline!.Reason);
    }

    private static void AssertSameFleet(Fleet expected, Fleet actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Arrival, actual.Arrival);
        Assert.Equal(expected.Departure, actual.Departure);
        Assert.Equal(expected.EnergyNeededKwh, actual.EnergyNeededKwh);
        Assert.Equal(expected.CapacityKwh, actual.CapacityKwh);
        Assert.Equal(expected.ArrivalSoc, actual.ArrivalSoc);
        Assert.Equal(expected.MaxChargeKw, actual.MaxChargeKw);
        Assert.Equal(expected.MaxDischargeKw, actual.MaxDischargeKw);
        Assert.Equal(expected.SiteLimitKw, actual.SiteLimitKw);
    }
}
