using Consortium.Node.Audit;

namespace Consortium.Node.Tests.Audit;

/// <summary>Asserts what an audit found, as kinds and subjects, whatever the order.</summary>
internal static class FindingAssert
{
    public static (AuditFindingKind Kind, string Subject) Mismatch(string subject) => (AuditFindingKind.Mismatch, subject);

    public static (AuditFindingKind Kind, string Subject) NotVerified(string subject) => (AuditFindingKind.NotVerified, subject);

    /// <summary>The audit found exactly <paramref name="expected"/>, no more and no fewer; returns the findings for further checks.</summary>
    public static IReadOnlyList<AuditFinding> Exactly(AuditOutcome outcome, params (AuditFindingKind Kind, string Subject)[] expected)
    {
        var actual = outcome.Findings.Select(f => (f.Kind, f.Subject)).Order().ToList();
        Assert.True(
            actual.SequenceEqual(expected.Order()),
            $"Expected:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", expected.Order())}{Environment.NewLine}" +
            $"Found:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", outcome.Findings)}");
        return outcome.Findings;
    }

    /// <summary>The one finding about <paramref name="subject"/>.</summary>
    public static AuditFinding About(AuditOutcome outcome, string subject) => Assert.Single(outcome.Findings, f => f.Subject == subject);
}
