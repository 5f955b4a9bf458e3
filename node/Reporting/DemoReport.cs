using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// What a demo run did, in the shape auditors and scripts read (<c>--report PATH</c>). Addresses are checksummed hex
/// strings, hashes 0x-prefixed lowercase hex, token amounts decimal integers of base units (10^18 per CRT) in strings.
/// </summary>
public sealed class DemoReport
{
    /// <summary>The chain and contracts the run recorded on.</summary>
    [JsonPropertyName("chain")]
    public ChainSection Chain { get; set; } = new();

    /// <summary>Every operator node of the run, in the order the demo started them.</summary>
    [JsonPropertyName("operators")]
    public List<OperatorSection> Operators { get; set; } = [];

    /// <summary>Every automaker node of the run, in the order the demo started them.</summary>
    [JsonPropertyName("automakers")]
    public List<AutomakerSection> Automakers { get; set; } = [];

    /// <summary>Every load-forecast round, in order.</summary>
    [JsonPropertyName("rounds")]
    public List<RoundSection> Rounds { get; set; } = [];

    /// <summary>Every battery-health round of the automakers, in order.</summary>
    [JsonPropertyName("batteryRounds")]
    public List<RoundSection> BatteryRounds { get; set; } = [];

    /// <summary>The final battery-health model on the automakers' test cells, or <see langword="null"/> without battery rounds.</summary>
    [JsonPropertyName("batteryTest")]
    public BatteryTestSection? BatteryTest { get; set; }

    /// <summary>The wear prices published from the final battery-health round, or <see langword="null"/> without battery rounds.</summary>
    [JsonPropertyName("wear")]
    public WearSection? Wear { get; set; }

    /// <summary>The final model on the held-out test period, or <see langword="null"/> when the run ended before it.</summary>
    [JsonPropertyName("test")]
    public TestSection? Test { get; set; }

    /// <summary>The dispatch event, or <see langword="null"/> when the run had none.</summary>
    [JsonPropertyName("dispatch")]
    public DispatchSection? Dispatch { get; set; }

    /// <summary>The run's settings as given on the command line (seed, window stride, strategy, data directory...).</summary>
    [JsonPropertyName("settings")]
    public Dictionary<string, object> Settings { get; set; } = [];

    /// <summary>What the dispatch event settled for <paramref name="address"/>, in token base units (zero when it took no part).</summary>
    /// <param name="address">An operator's address.</param>
    public BigInteger DispatchSettlement(ChainAddress address) =>
        Dispatch?.PerOperator.FirstOrDefault(o => o.Address == address) is { } op ? op.SettlementWei : BigInteger.Zero;
}
