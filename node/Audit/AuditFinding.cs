namespace Consortium.Node.Audit;

/// <summary>One claim of a report that the chain or the artifacts do not bear out.</summary>
/// <param name="Subject">What the claim is about ("round 2 reward root", "operator dundee-a balance").</param>
/// <param name="Problem">What differs, with both values.</param>
public sealed record AuditFinding(string Subject, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Subject}: {Problem}";
}
