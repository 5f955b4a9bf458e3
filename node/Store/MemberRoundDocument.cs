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

    /// <summary>Gas the commit cost.</summary>
    public long CommitGasUsed { get; set; }

    /// <summary>The local-only yardstick's validation RMSE reported with the update (kW).</summary>
    public double LocalOnlyValidationRmse { get; set; }

    /// <summary>The seasonal-naive validation RMSE reported with the update (kW).</summary>
    public double SeasonalNaiveValidationRmse { get; set; }

    /// <summary>Seconds the training took.</summary>
    public double TrainSeconds { get; set; }

    /// <summary>Whether the round was secure: the update (clipped to <see cref="ClipNorm"/>) left the node only masked.</summary>
    public bool Secure { get; set; }

    /// <summary>In a secure round, the L2 bound the update's change was clipped to.</summary>
    public double ClipNorm { get; set; }

    /// <summary>In a secure round with distributed DP, σ: the sum carries noise σ·<see cref="ClipNorm"/>; 0 without.</summary>
    public double DpNoiseMultiplier { get; set; }

    /// <summary>With distributed DP, m_min: this member's share of the noise is 1/m_min of its variance, and it unmasks no smaller sum.</summary>
    public int DpMinMembers { get; set; }

    /// <summary>With a privacy budget, the ε the member had spent after this round (at its δ); 0 without.</summary>
    public double DpEpsilonSpent { get; set; }
}
