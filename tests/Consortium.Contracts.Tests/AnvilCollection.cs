namespace Consortium.Contracts.Tests;

/// <summary>Tests that share the one anvil of <see cref="AnvilFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    public const string Name = "anvil";
}
