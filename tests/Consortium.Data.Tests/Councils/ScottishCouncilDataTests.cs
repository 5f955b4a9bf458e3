using Consortium.Data.Councils;

namespace Consortium.Data.Tests.Councils;

public sealed class ScottishCouncilDataTests
{
    private static readonly Lazy<ScottishCouncilData> Data = new(() => ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()));

    [Fact]
    public void BundledDataCoversBothCouncilsForTheWholeYear()
    {
        foreach (var council in ScottishCouncilData.Councils)
        {
            var loads = Data.Value.ByCouncil[council];
            Assert.True(loads.Sites.Count >= 10, $"{council} has {loads.Sites.Count} sites");
            Assert.All(loads.Sites.Values, s => Assert.Equal(8760, s.Kw.Length));
            Assert.True(loads.Report.Rejected.Count > 0, "the real exports have malformed rows that must be counted");
            Assert.DoesNotContain(loads.Sites.Keys, s => s.Contains("TEST", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void PlanGivesEverySiteToExactlyOneOperator(int operators)
    {
        var plans = Data.Value.Plan(operators);

        Assert.Equal(operators, plans.Count);
        Assert.Equal(operators, plans.Select(p => p.Name).Distinct().Count());
        foreach (var council in ScottishCouncilData.Councils)
        {
            var assigned = plans.Where(p => p.Council == council).SelectMany(p => p.Sites).ToList();
            var withLoad = Data.Value.ByCouncil[council].Sites.Values.Where(s => s.TotalKWh > 0).Select(s => s.Name);
            Assert.Equal(withLoad.Order(), assigned.Order());
        }
    }

    [Fact]
    public void DundeeGroupsHaveAboutEqualEnergy()
    {
        var dundee = Data.Value.Plan(3).Where(p => p.Council == "dundee").ToList();

        Assert.Equal(2, dundee.Count);
        Assert.InRange(dundee[0].EnergyKWh / dundee[1].EnergyKWh, 0.9, 1.1);
    }

    [Fact]
    public void OneOperatorIsNotAConsortium()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Data.Value.Plan(1));
    }
}
