namespace Consortium.Contracts.Ledger;

/// <summary>The reason codes this node's coordinator puts in an accusation; the ledger only requires them non-zero.</summary>
public static class AccusationReasonCodes
{
    /// <summary>The update's norm was above the round's bound (a scaled or boosted update).</summary>
    public const byte NormAboveBound = 1;

    /// <summary>The update sent hashes to another value than the one committed on chain.</summary>
    public const byte CommitmentMismatch = 2;
}
