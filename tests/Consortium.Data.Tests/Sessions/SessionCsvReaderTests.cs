using System.Text;
using Consortium.Data.Sessions;

namespace Consortium.Data.Tests.Sessions;

public sealed class SessionCsvReaderTests
{
    private const string Header = "CP ID,Connector,Start Date,Start Time,End Date,End Time,Total kWh,Site,Model";

    private static (List<ChargingSession> Sessions, SessionImportReport Report) Read(params string[] rows) =>
        ReadText(string.Join('\n', [Header, .. rows]));

    private static (List<ChargingSession> Sessions, SessionImportReport Report) ReadText(string text)
    {
        var reader = new SessionCsvReader();
        var sessions = reader.Read(new StringReader(text), "test.csv");
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
    public void QuotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks()
    {
        var (sessions, report) = Read(
            "\"CP \"\"7\"\"\nnorth\",2,02/03/2018,23:47,03/03/2018,00:14,10.61,\"Trades \"\"Lane\"\"\nCar Park, Dundee\",\"APT 7kW\nDual Outlet\"");

        var session = Assert.Single(sessions);
        Assert.Equal(1, report.RowsRead);
        Assert.Equal("CP \"7\"\nnorth", session.ChargePointId);
        Assert.Equal("Trades \"Lane\" Car Park", session.Site);
        Assert.Equal(new DateTime(2018, 3, 3, 0, 14, 0), session.End);
        Assert.Equal(7, session.RatedPowerKw);
    }

    [Fact]
    public void QuotedFieldAfterPaddingIsStillOneField()
    {
        var (sessions, _) = Read("50349,2,02/03/2018,23:47,03/03/2018,00:14,10.61, \"Greenmarket Multi Car Park, Dundee\" ,APT 7kW Dual Outlet");

        Assert.Equal("Greenmarket Multi Car Park", Assert.Single(sessions).Site);
    }

    [Fact]
    public void BadRowAfterMultiLineQuotedFieldIsLocatedOnTheLineItStartsOn()
    {
        var (sessions, report) = Read(
            "50349,2,02/03/2018,23:47,03/03/2018,00:14,10.61,\"Greenmarket\nMulti Car Park\n, Dundee\",APT 7kW Dual Outlet",
            "50349,2,03/03/2018,08:00,03/03/2018,09:00,,Greenmarket,APT 7kW Dual Outlet",
            "50349,2,03/03/2018,10:00,03/03/2018,11:00,abc,\"Greenmarket\n\",APT 7kW Dual Outlet",
            "50349,2,03/03/2018,12:00");

        Assert.Equal("Greenmarket Multi Car Park", Assert.Single(sessions).Site);
        Assert.Equal(4, report.RowsRead);
        Assert.Equal(new SessionRowLocation("test.csv", 5), report.FirstRejected[SessionRejectReason.MissingEnergy]);
        Assert.Equal(new SessionRowLocation("test.csv", 6), report.FirstRejected[SessionRejectReason.UnparsableEnergy]);
        Assert.Equal(new SessionRowLocation("test.csv", 8), report.FirstRejected[SessionRejectReason.MissingFields]);
    }

    [Fact]
    public void QuoteNeverClosedNamesTheLineItsRecordStartsOnAndTheColumn()
    {
        var reader = new SessionCsvReader();
        var text = string.Join('\n',
            Header,
            "50349,2,02/03/2018,23:47,03/03/2018,00:14,10.61,\"Greenmarket\nMulti Car Park\",APT 7kW Dual Outlet",
            "50349,2,03/03/2018,08:00,03/03/2018,09:00,4.2,\"Greenmarket, APT 7kW Dual Outlet",
            "50349,2,03/03/2018,10:00,03/03/2018,11:00,4.2,Greenmarket,APT 7kW Dual Outlet");

        var error = Assert.Throws<SessionDataException>(() => reader.Read(new StringReader(text), "open.csv"));

        Assert.Equal("open.csv", error.File);
        Assert.Equal(4, error.Line);
        Assert.Equal("Site", error.Column);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void CrlfLineEndingsReadLikeLineFeedsAndKeepLineNumbers()
    {
        var (sessions, report) = ReadText(string.Join("\r\n",
            Header,
            "50349,2,02/03/2018,23:47,03/03/2018,00:14,10.61,\"Greenmarket Multi\r\nCar Park, Dundee\",APT 7kW Dual Outlet",
            "50349,2,03/03/2018,08:00,03/03/2018,09:00,,Greenmarket,APT 7kW Dual Outlet",
            string.Empty,
            "51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,Broxden,APT Triple Rapid Charger",
            string.Empty));

        Assert.Equal(2, sessions.Count);
        Assert.Equal("Greenmarket Multi Car Park", sessions[0].Site);
        Assert.Equal("Broxden", sessions[1].Site);
        Assert.Equal(18.27, sessions[1].EnergyKWh, 6);
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(new SessionRowLocation("test.csv", 4), report.FirstRejected[SessionRejectReason.MissingEnergy]);
    }

    [Fact]
    public void ByteOrderMarkBeforeTheHeaderIsIgnored()
    {
        var (sessions, _) = ReadText("\uFEFF" + Header + "\n51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,Broxden,APT Triple Rapid Charger");

        Assert.Equal("51519", Assert.Single(sessions).ChargePointId);
    }

    [Fact]
    public void Utf8FileWithByteOrderMarkIsReadAsUtf8()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sessions-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, Header + "\n51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,Kinross Park & Ride (Schiehallion),APT Triple Rapid Charger\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            var sessions = new SessionCsvReader().ReadFile(path);

            Assert.Equal("Kinross Park & Ride (Schiehallion)", Assert.Single(sessions).Site);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SemicolonFileWithDecimalCommaReadsQuotedFieldsAndCommaEnergies()
    {
        var schema = SessionCsvSchema.ScottishCouncils with { Delimiter = ';', DecimalSeparator = ',' };
        var reader = new SessionCsvReader(schema);
        var text = string.Join('\n',
            "CP ID;Connector;Start Date;Start Time;End Date;End Time;Total kWh;Site;Model",
            "E1;1;02/01/2024;08:00;02/01/2024;10:30;12,5;\"Depot; north yard, Leith\";\"Wallbox 22kW; \"\"Pulsar\"\"\"",
            "E1;2;02/01/2024;08:00;02/01/2024;10:30;\"3,25\";Depot;Wallbox",
            "E1;3;02/01/2024;08:00;02/01/2024;10:30;1.234,5;Depot;Wallbox");

        var sessions = reader.Read(new StringReader(text), "own.csv");

        Assert.Equal(2, sessions.Count);
        Assert.Equal("Depot; north yard", sessions[0].Site);
        Assert.Equal(12.5, sessions[0].EnergyKWh, 6);
        Assert.Equal(22, sessions[0].RatedPowerKw);
        Assert.Equal(3.25, sessions[1].EnergyKWh, 6);
        Assert.Equal(1, reader.Report.Rejected[SessionRejectReason.UnparsableEnergy]);
    }

    [Fact]
    public void MappedColumnMissingFromTheHeaderIsNamed()
    {
        var schema = SessionCsvSchema.ScottishCouncils with
        {
            Delimiter = ';',
            SiteColumn = "station",
            ChargePointColumn = "station",
            ConnectorColumn = null,
            StartColumn = "from",
            StartTimeColumn = null,
            EndColumn = "to",
            EndTimeColumn = null,
            EnergyColumn = "kWh delivered",
            ModelColumn = null,
        };
        var reader = new SessionCsvReader(schema);

        var error = Assert.Throws<SessionDataException>(() =>
            reader.Read(new StringReader("station;from;to;energy kWh\nDepot;02/01/2024 08:00;02/01/2024 10:30;12.5"), "own.csv"));

        Assert.Equal(1, error.Line);
        Assert.Equal("kWh delivered", error.Column);
        Assert.Contains("energy kWh", error.Message);
    }

    [Fact]
    public void QuotedHeaderNameHoldingTheDelimiterMatchesItsMappedColumn()
    {
        var schema = SessionCsvSchema.ScottishCouncils with { EnergyColumn = "Energy, kWh" };
        var reader = new SessionCsvReader(schema);

        var sessions = reader.Read(
            new StringReader("CP ID,Connector,Start Date,Start Time,End Date,End Time,\"Energy, kWh\",Site,Model\n51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,Broxden,APT Triple Rapid Charger"),
            "own.csv");

        Assert.Equal(18.27, Assert.Single(sessions).EnergyKWh, 6);
    }

    [Theory]
    [InlineData('#')]
    [InlineData('"')]
    [InlineData('\u00A7')]
    public void DelimiterTheParserCannotSplitOnIsRefused(char delimiter)
    {
        Assert.False(SessionCsvReader.IsSupportedDelimiter(delimiter));
        Assert.Throws<ArgumentException>(() => new SessionCsvReader(SessionCsvSchema.ScottishCouncils with { Delimiter = delimiter }));
    }

    [Theory]
    [InlineData("dundee", 67112, 65613, "EndNotAfterStart: 677, TestSite: 464, MissingEndTime: 327, NegativeEnergy: 29, MissingSite: 2")]
    [InlineData("perth-kinross", 66664, 65276, "EndNotAfterStart: 1175, MissingEndTime: 185, TestSite: 21, NegativeEnergy: 7")]
    public void BundledCouncilExportsImportWithTheirKnownCounts(string council, int rows, int kept, string skipped)
    {
        var reader = new SessionCsvReader();
        var folder = Path.Combine(Path.GetDirectoryName(TestData.Path("scotland/SOURCE.md"))!, council);
        var sessions = new List<ChargingSession>();
        foreach (var file in Directory.GetFiles(folder, "*.csv.gz").Where(f => !Path.GetFileName(f).StartsWith("cp-locations", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            sessions.AddRange(reader.ReadFile(file));
        }

        Assert.Equal(kept, sessions.Count);
        Assert.Equal($"{rows} rows read, {kept} sessions kept, {rows - kept} skipped ({skipped})", reader.Report.ToString());
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

    [Fact]
    public void AChemistryColumnGivesEachSessionItsPackAndAnEmptyCellNone()
    {
        var schema = SessionColumnMapping.Parse("site=Site,start=Start,end=End,kwh=kWh,chemistry=Pack", null, null, []);
        var reader = new SessionCsvReader(schema);

        var sessions = reader.Read(new StringReader(string.Join('\n',
            "Site,Start,End,kWh,Pack",
            "A,2024-01-01 08:00,2024-01-01 10:00,5.5,lfp",
            "A,2024-01-01 11:00,2024-01-01 12:00,3.0, NCM+NCA ",
            "B,2024-01-01 08:00,2024-01-01 09:00,2.0,")), "packs.csv");

        Assert.Equal(["LFP", "NCM+NCA", null], sessions.Select(s => s.Chemistry));
        Assert.Null(new SessionCsvReader().Read(new StringReader(string.Join('\n', Header,
            "51519,2,31/08/2017,22:12,31/08/2017,23:11,18.27,Broxden,APT Triple Rapid Charger")), "test.csv")[0].Chemistry);
    }

    [Fact]
    public void AChemistryThatIsNoneStopsTheFileNamingItsLineAndColumn()
    {
        var schema = SessionColumnMapping.Parse("site=Site,start=Start,end=End,kwh=kWh,chemistry=Pack", null, null, []);
        var reader = new SessionCsvReader(schema);

        var error = Assert.Throws<SessionDataException>(() => reader.Read(new StringReader(string.Join('\n',
            "Site,Start,End,kWh,Pack",
            "A,2024-01-01 08:00,2024-01-01 10:00,5.5,LFP",
            "A,2024-01-01 11:00,2024-01-01 12:00,3.0,LMO")), "packs.csv"));

        Assert.Equal(3, error.Line);
        Assert.Equal("Pack", error.Column);
        Assert.Contains("'LMO' is not a pack chemistry (LFP, NCM, NCA, NCM+NCA)", error.Message);

        // A mapped chemistry column the file lacks is refused at its header, like any other mapped column.
        var missing = Assert.Throws<SessionDataException>(() => new SessionCsvReader(schema).Read(
            new StringReader("Site,Start,End,kWh\nA,2024-01-01 08:00,2024-01-01 10:00,5.5"), "nopack.csv"));
        Assert.Equal("Pack", missing.Column);
    }
}
