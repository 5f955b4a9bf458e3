using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One automaker node of the run: who it is, where it served, its cells (counted, never listed), and its tokens before and after.</summary>
public sealed class AutomakerSection
{
    /// <summary>The automaker's name in the member registry.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Its chain address.</summary>
    [JsonPropertyName("address")]
    public ChainAddress Address { get; set; }

    /// <summary>Where its node served gRPC.</summary>
    [JsonPropertyName("endpoint")]
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The OS process of its node.</summary>
    [JsonPropertyName("processId")]
    public int ProcessId { get; set; }

    /// <summary>The lab of the bundled table whose cells it holds.</summary>
    [JsonPropertyName("lab")]
    public string Lab { get; set; } = string.Empty;

    /// <summary>Cycles of its training cells, the weight of its updates.</summary>
    [JsonPropertyName("trainSamples")]
    public long TrainSamples { get; set; }

    /// <summary>Cycles of its validation cells.</summary>
    [JsonPropertyName("validationSamples")]
    public long ValidationSamples { get; set; }

    /// <summary>Tokens before the run's first round, base units.</summary>
    [JsonPropertyName("tokenBalanceBefore")]
    public BigInteger TokenBalanceBefore { get; set; }

    /// <summary>Tokens at the end, base units.</summary>
    [JsonPropertyName("tokenBalanceAfter")]
    public BigInteger TokenBalanceAfter { get; set; }

    /// <summary>What its battery rounds paid it, base units.</summary>
    [JsonPropertyName("rewardsTotal")]
    public BigInteger RewardsTotal { get; set; }

    /// <summary>Its stake, base units.</summary>
    [JsonPropertyName("stake")]
    public BigInteger Stake { get; set; }
}
