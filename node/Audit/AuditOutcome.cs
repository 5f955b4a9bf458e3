namespace Consortium.Node.Audit;

/// <summary>
/// What an audit found, in the order it checked: the claims the chain or the artifacts contradict, and the claims it could
/// not check. An audit that found neither verified every claim.
/// </summary>
public sealed class AuditOutcome
{
    private readonly List<AuditFinding> _findings = [];

    /// <summary>Every finding, mismatches and claims not verified together, in the order the checks ran.</summary>
    public IReadOnlyList<AuditFinding> Findings => _findings;

    /// <summary>The claims the chain or the artifacts contradict.</summary>
    public IReadOnlyList<AuditFinding> Mismatches => [.. _findings.Where(finding => finding.Kind == AuditFindingKind.Mismatch)];

    /// <summary>The claims the audit could not check, each with the reason.</summary>
    public IReadOnlyList<AuditFinding> NotVerified => [.. _findings.Where(finding => finding.Kind == AuditFindingKind.NotVerified)];

    /// <summary>
    /// Whether the audit passes: never with a mismatch; with claims not verified only when not <paramref name="strict"/>.
    /// </summary>
    /// <param name="strict">Whether a claim not verified fails the audit.</param>
    public bool Passes(bool strict) =>
        _findings.All(finding => finding.Kind != AuditFindingKind.Mismatch && !(strict && finding.Kind == AuditFindingKind.NotVerified));

    /// <summary>Records a claim the chain or the artifacts contradict.</summary>
    internal void Mismatch(string subject, string problem) => _findings.Add(new AuditFinding(AuditFindingKind.Mismatch, subject, problem));

    /// <summary>Records a claim that could not be checked, and why (completing "not verified, because ...").</summary>
    internal void Unverified(string subject, string reason) => _findings.Add(new AuditFinding(AuditFindingKind.NotVerified, subject, reason));

    /// <summary>Whether any finding so far is a mismatch.</summary>
    internal bool HasMismatch => _findings.Any(finding => finding.Kind == AuditFindingKind.Mismatch);
}
