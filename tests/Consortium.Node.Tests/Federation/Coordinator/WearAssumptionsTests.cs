using Consortium.Dispatch.Wear;
using Consortium.Node.Federation.Coordinator;

namespace Consortium.Node.Tests.Federation.Coordinator;

public sealed class WearAssumptionsTests
{
    private static WearAssumptions Assumptions() => new()
    {
        Round = 7,
        ModelHash = "0x" + new string('a', 64),
        Method = WearPricing.Method,
        ReplacementCostPerKwh = 90,
        EndOfLifeSohPercent = 80,
        Fade =
        [
            new() { Chemistry = "LFP", FadePerCyclePercent = 0.02, Samples = 4000 },
            new() { Chemistry = "NCA", FadePerCyclePercent = 0.08, Samples = 2000 },
            new() { Chemistry = "NCM", FadePerCyclePercent = 0.04, Samples = 3000 },
            new() { Chemistry = "NCM+NCA", FadePerCyclePercent = 0.03, Samples = 1000 },
        ],
    };

    [Fact]
    public void PricesAreEachChemistrysFadeTimesTheCostOverTheLifeToEndOfLifeInLedgerUnits()
    {
        var prices = Assumptions().Prices();

        Assert.Equal(["LFP", "NCA", "NCM", "NCM+NCA"], prices.Select(p => p.Chemistry));
        // 90 × 0.02 / (100 − 80) = 0.09 per kWh discharged.
        Assert.Equal(90_000_000_000_000_000, (long)prices[0].WeiPerKwh);
        Assert.Equal(360_000_000_000_000_000, (long)prices[1].WeiPerKwh);
        Assert.Equal(new ChemistryWear(BatteryChemistry.Ncm, 0.04, 90, 80).PricePerKwhDischarged(), (double)prices[2].WeiPerKwh / 1e18, 12);
    }

    [Fact]
    public void TheHashCoversTheTextSoAnyChangedAssumptionChangesIt()
    {
        var assumptions = Assumptions();
        var text = assumptions.ToJson();
        var hash = assumptions.Hash();

        var reread = WearAssumptions.Parse(text);
        assumptions.ReplacementCostPerKwh = 91;

        Assert.Equal(text, reread.ToJson());
        Assert.Equal(hash, reread.Hash());
        Assert.NotEqual(hash, assumptions.Hash());
    }

    [Fact]
    public void AChemistryWithoutCellsLeavesThePricesIncompleteAndSaysWhich()
    {
        var assumptions = Assumptions();
        assumptions.Fade.RemoveAll(f => f.Chemistry == "LFP");

        var error = Assert.Throws<ArgumentException>(() => assumptions.Prices());

        Assert.Contains("LFP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownChemistryIsNamed()
    {
        var assumptions = Assumptions();
        assumptions.Fade.Add(new() { Chemistry = "LMO", FadePerCyclePercent = 0.05, Samples = 300 });

        var error = Assert.Throws<ArgumentException>(() => assumptions.Prices());

        Assert.Contains("'LMO'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextThatIsNotAssumptionsIsAFormatError() =>
        Assert.Throws<FormatException>(() => WearAssumptions.Parse("{\"round\": \"seven\"}"));
}
