using Consortium.Data.Sessions;

namespace Consortium.Data.Tests.Sessions;

public sealed class SessionCsvReaderTests
{
    private const string Header = "CP ID,Connector,Start Date,Start Time,End Date,End Time,Total kWh,Site,Model";

    private static (List<ChargingSession> Sessions, SessionImportReport Report) Read(params string[] rows)
    {
        var reader = new SessionCsvReader();
        var sessions = reader.Read(new StringReader(string.Join('\n', [Header, .. rows])), "test.csv");
        return (sessions, reader.Report);
    }

    [Fact]
    public void MalformedRowsAreSkippedAndCountedByReason()
    {
        var (sessions, report) = Read(
            "51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,\"Broxden Park & Ride, Perth\",APT Triple Rapid Charger",
            "51519,2,31/08/2017,22:12,,,,\"Broxden Park & Ride, Perth\",APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,21:00,,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,21:00,-3.5,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,19:00,3.5,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,20:00,3.5,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,21:00,3.5,***TEST SITE*** Charge Your Car HQ,APT",
            "51519,2,2017-08-31,20:00,31/08/2017,21:00,3.5,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,20:00,31/08/2017,21:00,abc,Broxden,APT Triple Rapid Charger",
            "51519,2,31/08/2017,22:12",
            "51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,\"Broxden Park & Ride, Perth\",APT Triple Rapid Charger");

        Assert.Single(sessions);
        Assert.Equal(11, report.RowsRead);
        Assert.Equal(1, report.Accepted);
        Assert.Equal(1, report.Rejected[SessionRejectReason.MissingEndTime]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.MissingEnergy]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.NegativeEnergy]);
        Assert.Equal(2, report.Rejected[SessionRejectReason.EndNotAfterStart]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.TestSite]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.UnparsableDate]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.UnparsableEnergy]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.MissingFields]);
        Assert.Equal(1, report.Rejected[SessionRejectReason.Duplicate]);
    }

    [Fact]
    public void AcceptedSessionCarriesNormalizedSiteTimesAndRatedPower()
    {
        var (sessions, _) = Read("50349,2,02/03/2018,23:47,03/03/2018,00:14,10.61,\"Greenmarket Multi Car Park, Dundee\",APT 7kW Dual Outlet");

        var session = Assert.Single(sessions);
        Assert.Equal("Greenmarket Multi Car Park", session.Site);
        Assert.Equal("50349", session.ChargePointId);
        Assert.Equal(new DateTime(2018, 3, 2, 23, 47, 0), session.Start);
        Assert.Equal(new DateTime(2018, 3, 3, 0, 14, 0), session.End);
        Assert.Equal(10.61, session.EnergyKWh, 6);
        Assert.Equal(7, session.RatedPowerKw);
    }

    [Fact]
    public void MissingRequiredColumnNamesFileLineAndColumn()
    {
        var reader = new SessionCsvReader();
        var error = Assert.Throws<SessionDataException>(() =>
            reader.Read(new StringReader("CP ID,Start Date,Start Time,End Date,End Time,Site\n1,2,3,4,5,6"), "export.csv"));

        Assert.Equal("export.csv", error.File);
        Assert.Equal(1, error.Line);
        Assert.Equal("Total kWh", error.Column);
        Assert.Contains("export.csv", error.Message);
    }

    [Fact]
    public void OtherLayoutsReadThroughTheirSchema()
    {
        var schema = new SessionCsvSchema
        {
            Delimiter = ';',
            DecimalSeparator = ',',
            DateTimeFormats = ["yyyy-MM-dd'T'HH:mm"],
            SiteColumn = "station",
            ChargePointColumn = "evse",
            ConnectorColumn = null,
            StartColumn = "from",
            StartTimeColumn = null,
            EndColumn = "to",
            EndTimeColumn = null,
            EnergyColumn = "energy",
            ModelColumn = null,
        };
        var reader = new SessionCsvReader(schema);

        var sessions = reader.Read(new StringReader("station;evse;from;to;energy\nDepot;E1;2024-01-02T08:00;2024-01-02T10:30;12,5"), "own.csv");

        var session = Assert.Single(sessions);
        Assert.Equal(12.5, session.EnergyKWh, 6);
        Assert.Equal(new DateTime(2024, 1, 2, 10, 30, 0), session.End);
        Assert.Null(session.RatedPowerKw);
    }

    [Fact]
    public void BundledDundeeExportImportsWithItsKnownGaps()
    {
        var reader = new SessionCsvReader();
        var sessions = reader.ReadFile(TestData.Path("scotland/dundee/cp-data-mar-may-2018.csv.gz"));

        Assert.Equal(reader.Report.RowsRead, reader.Report.Accepted + reader.Report.RejectedTotal);
        Assert.True(sessions.Count > 15_000, $"only {sessions.Count} sessions");
        Assert.True(reader.Report.Rejected.GetValueOrDefault(SessionRejectReason.MissingEndTime) > 0);
        Assert.All(sessions, s => Assert.True(s.End > s.Start && s.EnergyKWh >= 0));
        Assert.DoesNotContain(sessions, s => s.Site.Contains("TEST SITE", StringComparison.OrdinalIgnoreCase));
    }
}
