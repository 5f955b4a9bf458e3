using System.Globalization;
using Consortium.Data.Loads;

namespace Consortium.Experiments.Forecasting;

/// <summary>Cuts sites into groups of about equal energy: largest site first, each to the lightest group so far.</summary>
public static class EnergyGroups
{
    /// <summary>The sites in <paramref name="groups"/> groups; every site in exactly one, none empty.</summary>
    public static IReadOnlyList<IReadOnlyList<HourlyLoadSeries>> Cut(IReadOnlyList<HourlyLoadSeries> sites, int groups)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (sites.Count < groups)
        {
            throw new ArgumentException($"{sites.Count} sites cannot make {groups} groups.", nameof(groups));
        }

        var ordered = sites.OrderByDescending(s => s.TotalKWh).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var members = Enumerable.Range(0, groups).Select(_ => new List<HourlyLoadSeries>()).ToList();
        var energy = new double[groups];
        foreach (var site in ordered)
        {
            var lightest = 0;
            for (var g = 1; g < groups; g++)
            {
                if (energy[g] < energy[lightest])
                {
                    lightest = g;
                }
            }

            members[lightest].Add(site);
            energy[lightest] += site.TotalKWh;
        }

        return members;
    }

    /// <summary>"prefix-a", "prefix-b", ... (a number after z); just the prefix for a single group.</summary>
    public static string GroupName(string prefix, int index, int groups) =>
        groups == 1 ? prefix : $"{prefix}-{(char)('a' + index % 26)}{(index >= 26 ? (index / 26).ToString(CultureInfo.InvariantCulture) : string.Empty)}";
}
