namespace Consortium.Node.Store;

/// <summary>A member's own record of one round.</summary>
public sealed class MemberRoundDocument
{
    public long Id { get; set; }

    public string GlobalModelHash { get; set; } = string.Empty;

    public string UpdateHash { get; set; } = string.Empty;

    public string CommitTxHash { get; set; } = string.Empty;

    public long TrainSamples { get; set; }

    public DateTime CompletedAt { get; set; }
}
