using Consortium.Data.BatteryAgeing;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Tests.Wear;

public sealed class WearPriceBookTests
{
    [Fact]
    public void PriceIsReplacementCostTimesFadeOverTheLifeToEndOfLife()
    {
        // £100/kWh, 0.04 points per cycle, replaced at 80 %: 20 points of life, 1/500 of it per cycle, £0.20 per kWh.
        var wear = new ChemistryWear(BatteryChemistry.Ncm, FadePerCyclePercent: 0.04, ReplacementCostPerKwh: 100, EndOfLifeSoHPercent: 80);

        Assert.Equal(0.20, wear.PricePerKwhDischarged(), 12);
        Assert.Equal(0.10, (wear with { EndOfLifeSoHPercent = 60 }).PricePerKwhDischarged(), 12);
    }

    [Fact]
    public void EmpiricalBookRanksTheChemistriesByTheirMeasuredFade()
    {
        var book = WearPriceBook.Empirical();

        Assert.True(book.PriceOf(BatteryChemistry.Lfp) < book.PriceOf(BatteryChemistry.NcmNca));
        Assert.True(book.PriceOf(BatteryChemistry.NcmNca) < book.PriceOf(BatteryChemistry.Ncm));
        Assert.True(book.PriceOf(BatteryChemistry.Ncm) < book.PriceOf(BatteryChemistry.Nca));
        Assert.Equal(90 * MeasuredFade.BundledPerCyclePercent[BatteryChemistry.Lfp] / 20, book.PriceOf(BatteryChemistry.Lfp), 12);
        Assert.False(book.IsUniform);
        Assert.Equal(4, book.Wear!.Count);
    }

    [Fact]
    public void TheMeasuredFadeIsTheMedianOverEachChemistrysCellsOfTheirCapacityLostPerCycle()
    {
        BatteryCell Cell(string id, string chemistry, double first, double last, int cycles) =>
            new(id, "lab", chemistry, 2.0, [new CellCycle(id, 1, first, 2.0, [0f]), new CellCycle(id, cycles, last, 2.0, [0f])]);
        BatteryCell[] cells =
        [
            Cell("a", "LFP", 1.0, 0.9, 101), Cell("b", "LFP", 1.0, 0.8, 101), Cell("c", "LFP", 1.0, 0.5, 101),
            Cell("d", "NCM", 2.0, 1.6, 201), Cell("e", "NCA", 2.0, 1.0, 101), Cell("f", "NCM+NCA", 2.0, 1.9, 51),
        ];

        var fade = MeasuredFade.PerCyclePercent(cells);
        var missing = Assert.Throws<ArgumentException>(() => MeasuredFade.PerCyclePercent(cells[..4]));

        Assert.Equal(0.2, fade[BatteryChemistry.Lfp], 12);
        Assert.Equal(0.1, fade[BatteryChemistry.Ncm], 12);
        Assert.Equal(0.5, fade[BatteryChemistry.Nca], 12);
        Assert.Equal(0.1, fade[BatteryChemistry.NcmNca], 12);
        Assert.Contains("No cell of chemistry NCA", missing.Message);
        Assert.InRange(MeasuredFade.BundledPerCyclePercent[BatteryChemistry.Lfp], 0.01, 0.05);
    }

    [Fact]
    public void UniformBookChargesOnePriceForEveryChemistry()
    {
        var book = WearPriceBook.Uniform(0.05);

        foreach (var chemistry in Enum.GetValues<BatteryChemistry>())
        {
            Assert.Equal(0.05, book.PriceOf(chemistry));
        }

        Assert.True(book.IsUniform);
        Assert.Null(book.Wear);
    }

    [Theory]
    [InlineData(-0.01, 90, 80, "FadePerCyclePercent")]
    [InlineData(double.NaN, 90, 80, "FadePerCyclePercent")]
    [InlineData(0.03, -1, 80, "ReplacementCostPerKwh")]
    [InlineData(0.03, double.PositiveInfinity, 80, "ReplacementCostPerKwh")]
    [InlineData(0.03, 90, 100, "EndOfLifeSoHPercent")]
    [InlineData(0.03, 90, 0, "EndOfLifeSoHPercent")]
    public void BadWearInputsAreRefusedNamingChemistryAndField(double fade, double cost, double endOfLife, string field)
    {
        var wear = new ChemistryWear(BatteryChemistry.Nca, fade, cost, endOfLife);

        var error = Assert.Throws<ArgumentException>(() => wear.PricePerKwhDischarged());

        Assert.Equal(field, error.ParamName);
        Assert.StartsWith("NCA: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BookWithAMissingOrRepeatedChemistryIsRefused()
    {
        var three = new[]
        {
            new ChemistryWear(BatteryChemistry.Lfp, 0.02, 90),
            new ChemistryWear(BatteryChemistry.Ncm, 0.04, 90),
            new ChemistryWear(BatteryChemistry.Nca, 0.07, 90),
        };

        var missing = Assert.Throws<ArgumentException>(() => WearPriceBook.FromWear(three));
        Assert.Contains("NCM+NCA", missing.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<ArgumentException>(() => WearPriceBook.FromWear([.. three, three[0]]));
        Assert.Contains("LFP is priced twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UniformPriceMustBeFiniteAndNotNegative()
    {
        Assert.Equal("pricePerKwh", Assert.Throws<ArgumentException>(() => WearPriceBook.Uniform(-0.01)).ParamName);
        Assert.Equal("pricePerKwh", Assert.Throws<ArgumentException>(() => WearPriceBook.Uniform(double.NaN)).ParamName);
    }

    [Fact]
    public void ParseReadsSharedDefaultsAndPerChemistryOverrides()
    {
        const string json = """
            {
              "replacementCostPerKwh": 100,
              "endOfLifeSoHPercent": 80,
              "chemistries": {
                "LFP": { "fadePerCyclePercent": 0.02 },
                "ncm": { "fadePerCyclePercent": 0.04 },
                "NCA": { "fadePerCyclePercent": 0.04, "replacementCostPerKwh": 150 },
                "NCM+NCA": { "fadePerCyclePercent": 0.04, "endOfLifeSoHPercent": 70 }
              }
            }
            """;

        var book = WearPriceBook.Parse(json);

        Assert.Equal(0.10, book.PriceOf(BatteryChemistry.Lfp), 12);
        Assert.Equal(0.20, book.PriceOf(BatteryChemistry.Ncm), 12);
        Assert.Equal(0.30, book.PriceOf(BatteryChemistry.Nca), 12);
        Assert.Equal(100 * 0.04 / 30, book.PriceOf(BatteryChemistry.NcmNca), 12);
    }

    [Theory]
    [InlineData("""{ "chemistries": { "LFP": { "fadePerCyclePercent": "0.02" } } }""", "LFP: 'fadePerCyclePercent' must be a number")]
    [InlineData("""{ "chemistries": { "LFP": { } } }""", "LFP: 'fadePerCyclePercent' is missing")]
    [InlineData("""{ "chemistries": { "LMO": { "fadePerCyclePercent": 0.02 } } }""", "'LMO' is not a chemistry")]
    [InlineData("""{ "replacementCostPerKwh": "90", "chemistries": { } }""", "'replacementCostPerKwh' must be a number")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{ "chemistries": """, "not JSON")]
    public void ParseRefusesMalformedFilesNamingTheField(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => WearPriceBook.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseRefusesOutOfRangeValuesNamingTheChemistry()
    {
        const string json = """
            { "chemistries": {
                "LFP": { "fadePerCyclePercent": 0.02 }, "NCM": { "fadePerCyclePercent": -0.04 },
                "NCA": { "fadePerCyclePercent": 0.07 }, "NCM+NCA": { "fadePerCyclePercent": 0.03 } } }
            """;

        var error = Assert.Throws<ArgumentException>(() => WearPriceBook.Parse(json));

        Assert.Equal("FadePerCyclePercent", error.ParamName);
        Assert.StartsWith("NCM: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PricesGivenAsTheyAreMustEachBeAPriceOfAKnownChemistryOnce()
    {
        var book = WearPriceBook.FromPrices([KeyValuePair.Create(BatteryChemistry.Nca, 0.3)], otherwise: 0.05);
        Assert.Equal(0.3, book.PriceOf(BatteryChemistry.Nca));
        Assert.Equal(0.05, book.PriceOf(BatteryChemistry.Lfp));
        Assert.Equal(0.05, book.Cheapest);
        Assert.False(book.IsUniform);
        Assert.Equal("LFP 0.05, NCM 0.05, NCA 0.3, NCM+NCA 0.05", book.ToString());
        Assert.Equal("0.05 for every chemistry", WearPriceBook.Uniform(0.05).ToString());
        Assert.True(book.SamePricesAs(WearPriceBook.FromPrices(book.Prices)));
        Assert.False(book.SamePricesAs(WearPriceBook.Uniform(0.05)));

        Assert.Contains("NCA is priced twice", Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices(
            [KeyValuePair.Create(BatteryChemistry.Nca, 0.3), KeyValuePair.Create(BatteryChemistry.Nca, 0.2)], 0.05)).Message);
        Assert.Contains("LFP: the wear price must be a finite price", Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices(
            [KeyValuePair.Create(BatteryChemistry.Lfp, double.NaN)], 0.05)).Message);
        Assert.Contains("NCM: the wear price must be a finite price", Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices(
            [KeyValuePair.Create(BatteryChemistry.Ncm, -0.01)], 0.05)).Message);
        Assert.Contains("Chemistry 7 is not a chemistry", Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices(
            [KeyValuePair.Create((BatteryChemistry)7, 0.1)], 0.05)).Message);
        Assert.Contains("No wear price given for LFP, NCM, NCM+NCA", Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices(
            [KeyValuePair.Create(BatteryChemistry.Nca, 0.3)])).Message);
        Assert.Throws<ArgumentException>(() => WearPriceBook.FromPrices([], double.PositiveInfinity));
    }

    [Fact]
    public void AFloorRaisesOnlyThePricesBelowIt()
    {
        var book = WearPriceBook.FromPrices([KeyValuePair.Create(BatteryChemistry.Nca, 0.3)], otherwise: 0.05).AtLeast(0.16);

        Assert.Equal(0.3, book.PriceOf(BatteryChemistry.Nca));
        Assert.Equal(0.16, book.PriceOf(BatteryChemistry.Lfp));
        Assert.Throws<ArgumentException>(() => book.AtLeast(-1));
    }
}
