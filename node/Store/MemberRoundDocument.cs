namespace Consortium.Node.Store;

/// <summary>A member's own record of one round.</summary>
public sealed class MemberRoundDocument
{
    /// <summary>The round's id on the ledger.</summary>
    public long Id { get; set; }

    /// <summary>The hash of the global model the member trained from.</summary>
    public Hash32 GlobalModelHash { get; set; }

    /// <summary>The hash of the update the member committed.</summary>
    public Hash32 UpdateHash { get; set; }

    /// <summary>The transaction that committed <see cref="UpdateHash"/>.</summary>
    public Hash32 CommitTxHash { get; set; }

    /// <summary>Training windows the update was trained on.</summary>
    public long TrainSamples { get; set; }

    /// <summary>When the member committed (UTC).</summary>
    public DateTime CompletedAt { get; set; }
}
