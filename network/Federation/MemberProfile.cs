namespace Consortium.Network.Federation;

/// <summary>What a member node tells the coordinator about itself. Nothing here reveals its data.</summary>
public sealed record MemberProfile(
    string Name,
    ChainAddress Address,
    IReadOnlyList<string> Sites,
    long TrainSamples,
    long ValidationSamples,
    double MeanLoadKw);
