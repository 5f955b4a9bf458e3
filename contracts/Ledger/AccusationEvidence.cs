namespace Consortium.Contracts.Ledger;

/// <summary>What the coordinator lays on chain when it accuses a member of a malicious update.</summary>
/// <param name="UpdateHash">The update hash the member committed in the round; the ledger refuses any other.</param>
/// <param name="ReasonCode">The coordinator's code for what it found (non-zero, see <see cref="AccusationReasonCodes"/>).</param>
/// <param name="ReasonText">A short statement of the reason, at most <see cref="MaxStatementBytes"/> UTF-8 bytes; emitted, not stored.</param>
/// <param name="DocumentHash">The hash of a reason document kept off chain, or <see cref="Hash32.Zero"/>.</param>
public sealed record AccusationEvidence(Hash32 UpdateHash, byte ReasonCode, string ReasonText, Hash32 DocumentHash)
{
    /// <summary>The longest reason text or dispute statement the ledger accepts, in UTF-8 bytes.</summary>
    public const int MaxStatementBytes = 280;
}
