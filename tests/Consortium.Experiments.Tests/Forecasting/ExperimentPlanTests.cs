using Consortium.Data.Councils;
using Consortium.Experiments.Forecasting;

namespace Consortium.Experiments.Tests.Forecasting;

public sealed class ExperimentPlanTests
{
    private static readonly Lazy<ExperimentData> BySite = new(() =>
        ExperimentData.FromScottishCouncils(ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()), 3, [7], trainingStride: 24, bySite: true));

    [Fact]
    public void TheSiteSplitMakesEverySiteWithLoadAMemberOfItsOwn()
    {
        var sites = BySite.Value.BySite!;

        Assert.True(sites.Count > 40, $"{sites.Count} sites");
        Assert.All(sites.Members, m => Assert.Single(m.Sites));
        Assert.All(sites.Members, m => Assert.True(m.Load.TotalKWh > 0));
        Assert.Equal(sites.Count, sites.Members.Select(m => m.Name).Distinct().Count());
        Assert.True(BySite.Value.TryGet(sites.Count, out var same) && same == sites);
    }

    [Fact]
    public void TheDpGroupRunsLocalAndSecureSumDpAtEverySizeEachAgainstItsNonPrivateFedAvg()
    {
        var data = BySite.Value;
        var sites = data.BySite!.Count;
        var options = new ExperimentOptions { DpConsortia = [3, 7], DpSimulatedMembers = [10, 100, 1000], Epsilons = [1, 8] };

        var plan = ExperimentPlan.Full(options, data, ["dp"]);

        foreach (var size in new[] { 3, 7, sites })
        {
            Assert.Single(plan, s => s is { Kind: SettingKind.Federated, Strategy: "fedavg", Aggregator: "mean", Attack: null, Privacy: null } && s.Members == size);
            foreach (var mode in new[] { PrivacyMode.Local, PrivacyMode.SecureSum })
            {
                Assert.Equal([1.0, 8.0], plan.Where(s => s.Members == size && s.Privacy is { SimulatedMembers: null } p && p.Mode == mode).Select(s => s.Privacy!.Epsilon));
            }
        }

        // Simulated only past the data (10 is not), on the per-site consortium, at ε = 8; and the check on 7 members.
        var simulated = plan.Where(s => s.Privacy is { SimulatedMembers: not null }).ToList();
        Assert.Equal([(100, sites), (1000, sites), (sites, 7)], simulated.Select(s => (s.Privacy!.SimulatedMembers!.Value, s.Members)));
        Assert.All(simulated, s => Assert.Equal((8.0, PrivacyMode.SecureSum), (s.Privacy!.Epsilon, s.Privacy.Mode)));
        Assert.Equal(plan.Count, plan.Select(s => s.Label).Distinct().Count());
    }
}
