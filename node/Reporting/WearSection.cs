using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>The wear prices published on chain from the battery-health model, and what they were derived from.</summary>
public sealed class WearSection
{
    /// <summary>The finalized battery-health round whose model gave the fade.</summary>
    [JsonPropertyName("round")]
    public ulong Round { get; set; }

    /// <summary>That round's new model hash, as the chain holds it.</summary>
    [JsonPropertyName("modelHash")]
    public Hash32 ModelHash { get; set; }

    /// <summary>The assumptions text exactly as hashed: the fade per chemistry, replacement cost and end of life.</summary>
    [JsonPropertyName("assumptions")]
    public string Assumptions { get; set; } = string.Empty;

    /// <summary>The keccak-256 of <see cref="Assumptions"/>, published with the prices.</summary>
    [JsonPropertyName("assumptionsHash")]
    public Hash32 AssumptionsHash { get; set; }

    /// <summary>The prices published, ordered by chemistry label.</summary>
    [JsonPropertyName("prices")]
    public List<WearPriceEntry> Prices { get; set; } = [];

    /// <summary>The publishing transaction.</summary>
    [JsonPropertyName("txHash")]
    public Hash32 TxHash { get; set; }

    /// <summary>Its gas.</summary>
    [JsonPropertyName("gasUsed")]
    public ulong GasUsed { get; set; }
}

/// <summary>One chemistry's published wear price.</summary>
public sealed class WearPriceEntry
{
    /// <summary>The chemistry's label.</summary>
    [JsonPropertyName("chemistry")]
    public string Chemistry { get; set; } = string.Empty;

    /// <summary>The price in units of 10^-18 of the consortium's currency per kWh discharged, as on chain.</summary>
    [JsonPropertyName("unitsPerKwh")]
    public BigInteger UnitsPerKwh { get; set; }

    /// <summary>The same price in the consortium's currency per kWh discharged.</summary>
    [JsonPropertyName("pricePerKwh")]
    public double PricePerKwh { get; set; }
}
