using System.Text.Json;
using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>Reads a demo run's report (<c>consortium demo --report PATH</c>) for auditing.</summary>
public static class DemoReportFile
{
    /// <summary>The report's settings key for the data directory the demo kept its stores in.</summary>
    private const string DataDirSetting = "dataDir";

    /// <summary>Reads and parses the report at <paramref name="path"/>.</summary>
    /// <param name="path">The report file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a demo report, or a field does not hold what it must (an address, a 32-byte hash, a whole number of
    /// token units); the message names the field's JSON path and the bad value.
    /// </exception>
    public static DemoReport Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return JsonSerializer.Deserialize<DemoReport>(File.ReadAllText(path), ReportJson.Options)
                ?? throw new InvalidDataException($"{path} holds no demo report.");
        }
        catch (JsonException invalid)
        {
            // A field's own converter names the bad value; the path and line say where it is.
            var where = invalid.Path is null ? string.Empty : $" (at {invalid.Path}, line {invalid.LineNumber + 1})";
            throw new InvalidDataException($"{path} is not a demo report: {invalid.Message}{where}", invalid);
        }
    }

    /// <summary>The contract addresses the report's run deployed.</summary>
    /// <param name="report">A demo report.</param>
    /// <exception cref="InvalidDataException">The report names no address for one of the contracts.</exception>
    public static ConsortiumAddresses AddressesOf(DemoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var contracts = report.Chain.Contracts;
        return new ConsortiumAddresses(
            Required(contracts.Registry, "registry"),
            Required(contracts.Rounds, "rounds"),
            Required(contracts.Token, "token"),
            Required(contracts.Dispatch, "dispatch"));
    }

    /// <summary>The data directory the report's run kept its stores in, or <see langword="null"/> when the report does not say.</summary>
    /// <param name="report">A demo report.</param>
    public static string? DataDirOf(DemoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Settings.GetValueOrDefault(DataDirSetting) switch
        {
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            string text => text,
            _ => null,
        };
    }

    private static ChainAddress Required(ChainAddress address, string contract) =>
        address.IsZero ? throw new InvalidDataException($"The report names no address for the {contract} contract.") : address;
}
