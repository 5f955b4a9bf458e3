using Consortium.Data.Loads;
using Consortium.Fl.Forecasting;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Member;

/// <summary>An operator's load as its node trains and evaluates on it: the sum of its sites, split chronologically.</summary>
public static class OperatorSeries
{
    /// <summary>The operator's total hourly load from its store.</summary>
    public static HourlyLoadSeries Load(NodeStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sites = store.LoadSites();
        if (sites.Count == 0)
        {
            throw new InvalidOperationException($"The store {store.Path} holds no load data; run the import first.");
        }

        return HourlyLoadSeries.Sum(name, sites);
    }

    /// <summary>The chronological train/validation/test split every node of the consortium uses.</summary>
    public static ForecastSplit Split(HourlyLoadSeries load, int windowStride)
    {
        ArgumentNullException.ThrowIfNull(load);
        return ForecastSplit.Chronological(load.Kw, load.FirstHour, ChronologicalSplitOptions.Default with { Stride = windowStride });
    }
}
