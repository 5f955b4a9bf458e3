using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Tests.Fleets;

public class ChemistryMixTests
{
    [Fact]
    public void AFleetFollowsTheMixAsCloselyAsWholeVehiclesAllow()
    {
        var chemistries = ChemistryMix.Default.Assign(101, 7);

        Assert.Equal(61, chemistries.Count(c => c == BatteryChemistry.Ncm)); // 60.6 rounds up: the largest remainder
        Assert.Equal(20, chemistries.Count(c => c == BatteryChemistry.Lfp));
        Assert.Equal(15, chemistries.Count(c => c == BatteryChemistry.Nca));
        Assert.Equal(5, chemistries.Count(c => c == BatteryChemistry.NcmNca));
        Assert.Equal(chemistries, ChemistryMix.Default.Assign(101, 7));
        Assert.NotEqual(chemistries, ChemistryMix.Default.Assign(101, 8));
    }

    [Fact]
    public void GeneratedFleetsGetTheirChemistriesWithoutChangingAnyOtherDraw()
    {
        var mixed = FleetGenerator.Generate(200, 3);
        var lfp = FleetGenerator.Generate(200, 3, chemistries: ChemistryMix.Single(BatteryChemistry.Lfp));

        Assert.Equal(mixed.Arrival, lfp.Arrival);
        Assert.Equal(mixed.CapacityKwh, lfp.CapacityKwh);
        Assert.Equal(mixed.MaxDischargeKw, lfp.MaxDischargeKw);
        Assert.Equal(mixed.EnergyNeededKwh, lfp.EnergyNeededKwh);
        Assert.All(lfp.Chemistry, c => Assert.Equal(BatteryChemistry.Lfp, c));
        Assert.Equal(ChemistryMix.Default.Assign(200, 3), mixed.Chemistry);
    }

    [Fact]
    public void AMixIsReadFromItsTextAndBadTextIsRefusedNamingThePart()
    {
        var mix = ChemistryMix.Parse("lfp=0.5, NCM+NCA=0.5");
        Assert.Equal(0.5, mix.ShareOf(BatteryChemistry.Lfp));
        Assert.Equal(0.5, mix.ShareOf(BatteryChemistry.NcmNca));
        Assert.Equal(0, mix.ShareOf(BatteryChemistry.Nca));
        Assert.Equal("LFP=0.5,NCM+NCA=0.5", mix.ToString());
        Assert.Equal(1, ChemistryMix.Parse("NCA").ShareOf(BatteryChemistry.Nca));
        Assert.Equal(ChemistryMix.Default.ToString(), ChemistryMix.Parse(ChemistryMix.Default.ToString()).ToString());

        Assert.Contains("'LMO' is not a chemistry", Assert.Throws<FormatException>(() => ChemistryMix.Parse("LMO=1")).Message);
        Assert.Contains("'half' is not a number", Assert.Throws<FormatException>(() => ChemistryMix.Parse("LFP=half,NCM=0.5")).Message);
        Assert.Contains("add up to 0.9", Assert.Throws<FormatException>(() => ChemistryMix.Parse("LFP=0.4,NCM=0.5")).Message);
        Assert.Contains("LFP is given twice", Assert.Throws<FormatException>(() => ChemistryMix.Parse("LFP=0.5,lfp=0.5")).Message);
        Assert.Contains("LFP: a share must lie in [0, 1]", Assert.Throws<FormatException>(() => ChemistryMix.Parse("LFP=-0.5,NCM=1.5")).Message);
        Assert.Contains("'=0.5' is not CHEMISTRY=SHARE", Assert.Throws<FormatException>(() => ChemistryMix.Parse("=0.5,NCM=0.5")).Message);
        Assert.Contains("empty", Assert.Throws<FormatException>(() => ChemistryMix.Parse(" ")).Message);
    }

    [Fact]
    public void AFleetRefusesAChemistryThatIsNone()
    {
        var fleet = FleetGenerator.Generate(3, 1);

        var error = Assert.Throws<ArgumentException>(() => fleet.WithChemistry([BatteryChemistry.Lfp, (BatteryChemistry)9, BatteryChemistry.Nca]));
        Assert.Contains("Vehicle 1 has chemistry 9", error.Message);
        Assert.Equal("chemistry", error.ParamName);
        Assert.Throws<ArgumentException>(() => fleet.WithChemistry([BatteryChemistry.Lfp]));
        Assert.All(SmallFleets.AllDay(2).Chemistry, c => Assert.Equal(Fleet.DefaultChemistry, c));
    }
}
