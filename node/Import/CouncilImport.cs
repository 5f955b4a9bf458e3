using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Data.Loads;
using Consortium.Node.Store;

namespace Consortium.Node.Import;

/// <summary>Writes each planned operator's site loads into that operator's own store.</summary>
public static class CouncilImport
{
    /// <summary>The store file of an operator under a data directory.</summary>
    public static string StorePath(string dataDir, string operatorName) => Path.Combine(dataDir, operatorName, "node.db");

    /// <summary>Reads the bundled data, cuts <paramref name="operators"/> operators and fills their stores.</summary>
    public static IReadOnlyList<OperatorPlan> Run(string dataDir, int operators, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = ScottishCouncilData.LocateRoot();
        output.WriteLine($"Importing charging sessions from {root}");
        return Run(ScottishCouncilData.Load(root), dataDir, operators, output);
    }

    /// <summary>
    /// Cuts <paramref name="operators"/> operators from loaded data and fills each one's store: the hourly loads of its
    /// sites, and the sessions at its sites over the period (those its dispatch fleet is drawn from), in the data's order.
    /// </summary>
    public static IReadOnlyList<OperatorPlan> Run(ScottishCouncilData data, string dataDir, int operators, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var council in data.ByCouncil.Values)
        {
            output.WriteLine($"  {council.Name,-14} {council.Report}");
        }

        var plans = data.Plan(operators);
        foreach (var plan in plans)
        {
            var council = data.ByCouncil[plan.Council];
            var sites = plan.Sites.Select(s => council.Sites[s]).ToList();
            var own = plan.Sites.ToHashSet(StringComparer.Ordinal);
            var sessions = council.Sessions
                .Where(s => own.Contains(s.Site) && s.Start >= ScottishCouncilData.PeriodStart && s.Start < ScottishCouncilData.PeriodEnd)
                .ToList();
            using var store = new NodeStore(StorePath(dataDir, plan.Name));
            store.SaveImport(sites, council.Report, council.Files.Select(Path.GetFileName).OfType<string>().ToList());
            store.SaveSessions(sessions);
            var meanKw = HourlyLoadSeries.Sum(plan.Name, sites).TotalKWh / sites[0].Kw.Length;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  operator {plan.Name,-16} {plan.Sites.Count,2} sites, {sessions.Count,6} sessions, {plan.EnergyKWh / 1000,7:F1} MWh, mean load {meanKw,6:F1} kW -> {store.Path}"));
        }

        return plans;
    }
}
