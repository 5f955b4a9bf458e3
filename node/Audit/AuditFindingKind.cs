namespace Consortium.Node.Audit;

/// <summary>What an <see cref="AuditFinding"/> says about a claim.</summary>
public enum AuditFindingKind
{
    /// <summary>The chain or the artifacts contradict the claim: the audit fails, strict or not.</summary>
    Mismatch,

    /// <summary>The audit could not check the claim (evidence absent or unreadable): listed, and fails only a strict audit.</summary>
    NotVerified,
}
