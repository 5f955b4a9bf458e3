namespace Consortium.Network.Federation;

/// <summary>What a member node tells the coordinator about itself. Nothing here reveals its data.</summary>
public sealed record MemberProfile(
    string Name,
    ChainAddress Address,
    IReadOnlyList<string> Sites,
    long TrainSamples,
    long ValidationSamples,
    double MeanLoadKw)
{
    /// <summary>The federated task described (1 the load forecast, 2 the battery-health model; 0 when the node did not say).</summary>
    public uint Task { get; init; }
}
