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
            var built = OperatorFleets.Build(store, new OperatorFleetOptions(500, seed));
            AssertSameFleet(profiles[i].Profile.Generate(500, seed), built);
            AssertSameFleet(built, OperatorFleets.Build(store, new OperatorFleetOptions(500, seed)));

            // The synthetic generator stays available.
            AssertSameFleet(FleetGenerator.Generate(500, seed), OperatorFleets.Build(store, new OperatorFleetOptions(500, seed, Source: OperatorFleetSource.Synthetic)));
        }
    }

    [Fact]
    public void AStoreWithoutSessionsCannotServeASessionFleet()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "empty", "node.db"));
        var error = Assert.Throws<InvalidOperationException>(() => OperatorFleets.Build(store, new OperatorFleetOptions(10, 1)));
        Assert.Contains("no charging sessions", error.Message);
        Assert.Equal(10, OperatorFleets.Build(store, new OperatorFleetOptions(10, 1, Source: OperatorFleetSource.Synthetic)).Count);
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
