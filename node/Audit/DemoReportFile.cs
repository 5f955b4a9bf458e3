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
    /// <exception cref="InvalidDataException">The file is not a demo report.</exception>
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
            throw new InvalidDataException($"{path} is not a demo report: {invalid.Message}", invalid);
        }
    }

    /// <summary>The contract addresses the report's run deployed.</summary>
    /// <param name="report">A demo report.</param>
    /// <exception cref="InvalidDataException">An address in the report is not a 20-byte hex address.</exception>
    public static ConsortiumAddresses AddressesOf(DemoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var contracts = report.Chain.Contracts;
        return new ConsortiumAddresses(
            ParseAddress(contracts.Registry, "registry"),
            ParseAddress(contracts.Rounds, "rounds"),
            ParseAddress(contracts.Token, "token"),
            ParseAddress(contracts.Dispatch, "dispatch"));
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

    private static ChainAddress ParseAddress(string text, string contract) =>
        ChainAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidDataException($"The report's {contract} address '{text}' is not a 20-byte hex address.");
}
