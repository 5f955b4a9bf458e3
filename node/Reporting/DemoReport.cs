using System.Text.Json.Serialization;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Reporting;

/// <summary>What a demo run did, in the shape auditors and scripts read (<c>--report PATH</c>).</summary>
public sealed class DemoReport
{
    [JsonPropertyName("chain")]
    public ChainSection Chain { get; set; } = new();

    [JsonPropertyName("operators")]
    public List<OperatorSection> Operators { get; set; } = [];

    [JsonPropertyName("rounds")]
    public List<RoundSection> Rounds { get; set; } = [];

    [JsonPropertyName("test")]
    public TestSection? Test { get; set; }

    [JsonPropertyName("dispatch")]
    public DispatchSection? Dispatch { get; set; }

    [JsonPropertyName("settings")]
    public Dictionary<string, object> Settings { get; set; } = [];

    /// <summary>What the dispatch event settled for <paramref name="address"/>, in token base units (zero when it took no part).</summary>
    public System.Numerics.BigInteger DispatchSettlement(string address) =>
        Dispatch?.PerOperator.FirstOrDefault(o => string.Equals(o.Address, address, StringComparison.OrdinalIgnoreCase)) is { } op
            ? System.Numerics.BigInteger.Parse(op.SettlementWei, System.Globalization.CultureInfo.InvariantCulture)
            : System.Numerics.BigInteger.Zero;
}
