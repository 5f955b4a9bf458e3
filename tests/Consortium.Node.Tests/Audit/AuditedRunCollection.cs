namespace Consortium.Node.Tests.Audit;

/// <summary>Audit tests that share the one run of <see cref="AuditedRun"/>; none of them writes to its chain or its data directory.</summary>
[CollectionDefinition(Name)]
public sealed class AuditedRunCollection : ICollectionFixture<AuditedRun>
{
    public const string Name = "audited run";
}
