namespace Consortium.Node.Audit;

/// <summary>One claim of a report that the chain or the artifacts do not bear out, or that the audit could not check.</summary>
/// <param name="Kind">Whether the claim was contradicted or could not be checked.</param>
/// <param name="Subject">What the claim is about ("round 2 score table", "operator dundee-a balance").</param>
/// <param name="Problem">For a mismatch, what differs, with both values; for a claim not verified, why it could not be.</param>
public sealed record AuditFinding(AuditFindingKind Kind, string Subject, string Problem)
{
    /// <summary>
    /// A mismatch as <c>SUBJECT: PROBLEM</c>; a claim not verified as <c>NOT VERIFIED: SUBJECT: not verified, because REASON</c>.
    /// </summary>
    public override string ToString() => Kind == AuditFindingKind.NotVerified
        ? $"NOT VERIFIED: {Subject}: not verified, because {Problem}"
        : $"{Subject}: {Problem}";
}
