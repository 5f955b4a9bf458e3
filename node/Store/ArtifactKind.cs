namespace Consortium.Node.Store;

/// <summary>What an artifact in a node's store is.</summary>
public enum ArtifactKind
{
    /// <summary>A round's global model, the bytes whose hash opened or finalized a round.</summary>
    GlobalModel,

    /// <summary>A member's update of a round, the bytes whose hash it committed.</summary>
    Update,

    /// <summary>A round's score table as JSON, the bytes whose hash was finalized with the round.</summary>
    ScoreTable,
}
