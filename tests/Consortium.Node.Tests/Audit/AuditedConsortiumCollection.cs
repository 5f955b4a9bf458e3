namespace Consortium.Node.Tests.Audit;

/// <summary>Audit tests that share the one chain of <see cref="AuditedConsortium"/>; none of them writes to it.</summary>
[CollectionDefinition(Name)]
public sealed class AuditedConsortiumCollection : ICollectionFixture<AuditedConsortium>
{
    public const string Name = "audited consortium";
}
