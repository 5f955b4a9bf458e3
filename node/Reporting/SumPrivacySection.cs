using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Distributed DP of one secure round's sum: each member added a share of Gaussian noise so that the sum carries it once.</summary>
public sealed class SumPrivacySection
{
    /// <summary>σ: the sum's noise standard deviation over the clip norm.</summary>
    [JsonPropertyName("noiseMultiplier")]
    public double NoiseMultiplier { get; set; }

    /// <summary>C: the L2 bound of each member's change, the sum's sensitivity to one member.</summary>
    [JsonPropertyName("clipNorm")]
    public double ClipNorm { get; set; }

    /// <summary>m_min: each member added 1/m_min of the noise's variance; no sum of fewer inputs is unmasked.</summary>
    [JsonPropertyName("minMembers")]
    public int MinMembers { get; set; }

    /// <summary>Noisy inputs in the sum.</summary>
    [JsonPropertyName("inputs")]
    public int Inputs { get; set; }

    /// <summary>ε of this round's sum alone.</summary>
    [JsonPropertyName("roundEpsilon")]
    public double RoundEpsilon { get; set; }

    /// <summary>ε of all the sums the coordinator released so far, composed in Rényi DP (member-level, add or remove one member's update).</summary>
    [JsonPropertyName("epsilon")]
    public double Epsilon { get; set; }

    /// <summary>δ of <see cref="Epsilon"/>.</summary>
    [JsonPropertyName("delta")]
    public double Delta { get; set; }
}
