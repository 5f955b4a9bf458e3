using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One operator node of the run: who it is, where it served, its data, and its tokens before and after.</summary>
public sealed class OperatorSection
{
    /// <summary>The operator's name in the member registry.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The operator's account, the key its node signs with.</summary>
    [JsonPropertyName("address")]
    public ChainAddress Address { get; set; }

    /// <summary>The gRPC endpoint its node served the federation and dispatch protocols on.</summary>
    [JsonPropertyName("endpoint")]
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The operating-system process id of its node (each operator runs in its own process).</summary>
    [JsonPropertyName("processId")]
    public int ProcessId { get; set; }

    /// <summary>The charging sites whose sessions make its private data.</summary>
    [JsonPropertyName("sites")]
    public List<string> Sites { get; set; } = [];

    /// <summary>Training windows in its store (what its contribution is weighted by).</summary>
    [JsonPropertyName("trainSamples")]
    public long TrainSamples { get; set; }

    /// <summary>Validation windows in its store.</summary>
    [JsonPropertyName("validationSamples")]
    public long ValidationSamples { get; set; }

    /// <summary>Its mean hourly load over the data, kW.</summary>
    [JsonPropertyName("meanLoadKw")]
    public double MeanLoadKw { get; set; }

    /// <summary>Its token balance before the first round, in base units.</summary>
    [JsonPropertyName("tokenBalanceBefore")]
    public BigInteger TokenBalanceBefore { get; set; }

    /// <summary>Its token balance at the end of the run, in base units: before, plus round rewards, plus its dispatch settlement when minted.</summary>
    [JsonPropertyName("tokenBalanceAfter")]
    public BigInteger TokenBalanceAfter { get; set; }

    /// <summary>The round rewards it claimed over the run, in base units.</summary>
    [JsonPropertyName("rewardsTotal")]
    public BigInteger RewardsTotal { get; set; }

    /// <summary>Whether the registry still lists it as an active member at the end of the run.</summary>
    [JsonPropertyName("active")]
    public bool Active { get; set; } = true;

    /// <summary>Its stake in the registry at the end of the run, in base units (slashing takes from it).</summary>
    [JsonPropertyName("stake")]
    public BigInteger Stake { get; set; }
}
