namespace Consortium.Node.Store;

/// <summary>A member's own record of one round.</summary>
public sealed class MemberRoundDocument
{
    public long Id { get; set; }

    public Hash32 GlobalModelHash { get; set; }

    public Hash32 UpdateHash { get; set; }

    public Hash32 CommitTxHash { get; set; }

    public long TrainSamples { get; set; }

    public DateTime CompletedAt { get; set; }
}
