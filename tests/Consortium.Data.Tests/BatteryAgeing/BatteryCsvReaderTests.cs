using Consortium.Data.BatteryAgeing;

namespace Consortium.Data.Tests.BatteryAgeing;

public sealed class BatteryCsvReaderTests
{
    private const string Mapping = "cell=Cell,cycle=N,capacity=Cap (Ah),nominal=Rated,features=f1;f2,chemistry=Chem";

    [Fact]
    public void TheBundledTableHoldsEveryCellOfTheThreeLabsWithSixteenFeaturesPerCycle()
    {
        var labs = BundledBatteryData.Load(out var report);

        Assert.Equal(166_339, report.RowsRead);
        Assert.Equal((55, 130, 125), (labs["XJTU"].Count, labs["TJU"].Count, labs["MIT"].Count));
        Assert.Equal(report.Accepted, labs.Values.SelectMany(c => c).Sum(c => c.Cycles.Count));
        var first = labs["XJTU"].Single(c => c.Id == "XJTU/2C_battery-1");
        Assert.Equal(("NCM", 2.0), (first.Chemistry, first.NominalAh));
        Assert.Equal(16, first.Cycles[0].Features.Length);
        Assert.Equal(95.0, first.Cycles[0].SohPercent, 6);
        Assert.Equal(["LFP"], labs["MIT"].Select(c => c.Chemistry).Distinct());
        Assert.All(labs.Values.SelectMany(c => c), cell => Assert.True(cell.Cycles.Zip(cell.Cycles.Skip(1)).All(p => p.First.Cycle < p.Second.Cycle)));
    }

    [Fact]
    public void AMappedFileWithSemicolonsAndDecimalCommasIsReadAndItsBadRowsCountedByReasonWithTheFirstLine()
    {
        var schema = BatteryColumnMapping.Parse(Mapping, ";", ",");
        var text = """
            Cell;N;Cap (Ah);Rated;f1;f2;Chem
            a;1;1,9;2,0;0,5;1e3;NCM
            a;2;1,8;2,0;0,5;1000;NCM
            a;2;1,8;2,0;0,5;1000;NCM
            ;3;1,8;2,0;0,5;1000;NCM
            a;x;1,8;2,0;0,5;1000;NCM
            a;4;-1;2,0;0,5;1000;NCM
            a;5;1,7;2,0;;1000;NCM
            a;6;1,7
            a;7;1,7;2,5;0,5;1000;NCM
            a;8;abc;2,0;0,5;1000;NCM
            b;1;3,4;3,5;0,25;2000;NCA
            """;
        var reader = new BatteryCsvReader(schema);

        var cells = reader.Read(new StringReader(text), "lab.csv");

        Assert.Equal(["a", "b"], cells.Select(c => c.Id));
        Assert.Equal([95.0, 90.0], cells[0].Cycles.Select(c => Math.Round(c.SohPercent, 9)));
        Assert.Equal([0.5f, 1000f], cells[0].Cycles[0].Features);
        Assert.Equal("NCA", cells[1].Chemistry);
        Assert.Equal((11, 3, 8), (reader.Report.RowsRead, reader.Report.Accepted, reader.Report.RejectedTotal));
        Assert.Equal(
            new Dictionary<BatteryRejectReason, int>
            {
                [BatteryRejectReason.Duplicate] = 1,
                [BatteryRejectReason.MissingCell] = 1,
                [BatteryRejectReason.UnparsableCycle] = 1,
                [BatteryRejectReason.NonPositiveCapacity] = 1,
                [BatteryRejectReason.UnparsableFeature] = 1,
                [BatteryRejectReason.MissingFields] = 1,
                [BatteryRejectReason.InconsistentNominal] = 1,
                [BatteryRejectReason.UnparsableCapacity] = 1,
            },
            reader.Report.Rejected);
        Assert.Equal(new BatteryRowLocation("lab.csv", 4), reader.Report.FirstRejected[BatteryRejectReason.Duplicate]);
        Assert.Contains("UnparsableFeature: 1, first at lab.csv, line 8", reader.Report.ToString());
    }

    [Fact]
    public void AFileWithoutAMappedColumnOrWithoutAHeaderNamesWhereItFailed()
    {
        var reader = new BatteryCsvReader(BatteryColumnMapping.Parse(Mapping, null, null));

        var missing = Assert.Throws<BatteryDataException>(() => reader.Read(new StringReader("Cell,N,Cap (Ah),Rated,f1,Chem\na,1,1,2,3,NCM\n"), "lab.csv"));
        var empty = Assert.Throws<BatteryDataException>(() => reader.Read(new StringReader(string.Empty), "empty.csv"));

        Assert.Equal(("lab.csv", 1, "f2"), (missing.File, missing.Line, missing.Column));
        Assert.Contains("the header has no such column (it has: Cell, N, Cap (Ah), Rated, f1, Chem)", missing.Message);
        Assert.Equal("empty.csv, line 1: the file is empty; a header line is required", empty.Message);
    }

    [Theory]
    [InlineData("cell=C,cycle=N,capacity=Q,features=a", null, null, "--columns needs nominal as well")]
    [InlineData("cell=C,cycle=N,capacity=Q,nominal=R,features=a;;b", null, null, "has an empty name")]
    [InlineData("cell=C,cycle=N,capacity=Q,nominal=R,features=a;A", null, null, "names a column twice")]
    [InlineData("cell=C,cycle=N,capacity=Q,nominal=R,features=a,soh=S", null, null, "key 'soh' is not one of")]
    [InlineData("cell=C,cycle", null, null, "entry 'cycle' is not key=Header")]
    [InlineData(null, ";;", null, "--delimiter must be one character or 'tab'")]
    [InlineData(null, null, ";", "--decimal must be '.' or ','")]
    [InlineData(null, null, ",", "the delimiter and the decimal separator are both ','")]
    public void AMappingThatCannotBeUsedIsRefusedSayingWhy(string? columns, string? delimiter, string? decimalSeparator, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BatteryColumnMapping.Parse(columns, delimiter, decimalSeparator));

        Assert.Contains(expected, error.Message);
    }
}
