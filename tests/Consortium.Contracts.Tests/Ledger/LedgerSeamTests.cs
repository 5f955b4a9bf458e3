using System.Reflection;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>The node reaches the contracts through IRoundLedger, IDispatchLedger, IMemberRegistry and IRewardToken only.</summary>
[Collection(AnvilCollection.Name)]
public sealed class LedgerSeamTests(AnvilFixture anvil)
{
    [Theory]
    [InlineData(typeof(RoundLedgerClient), typeof(IRoundLedger))]
    [InlineData(typeof(DispatchLedgerClient), typeof(IDispatchLedger))]
    [InlineData(typeof(MemberRegistryClient), typeof(IMemberRegistry))]
    [InlineData(typeof(RewardTokenClient), typeof(IRewardToken))]
    public void EveryPublicOperationOfAClientIsDeclaredByItsInterface(Type client, Type seam)
    {
        var implementations = client.GetInterfaceMap(seam).TargetMethods.ToHashSet();

        var operations = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

        Assert.NotEmpty(operations);
        Assert.All(operations, operation => Assert.True(implementations.Contains(operation), $"{client.Name}.{operation.Name} is not on {seam.Name}"));
    }

    [Fact]
    public async Task TheLedgerExposesEachContractThroughItsInterfaceBoundToItsAddress()
    {
        var coordinator = await anvil.DeployAsync();

        Assert.Equal(
            (coordinator.Addresses.Registry, coordinator.Addresses.Rounds, coordinator.Addresses.Token, coordinator.Addresses.Dispatch),
            (coordinator.Registry.Address, coordinator.Rounds.Address, coordinator.Token.Address, coordinator.Dispatch.Address));
        Assert.Equal(AddressOf(coordinator), await coordinator.Dispatch.GetCoordinatorAsync());
        Assert.Equal(coordinator.Addresses.Registry, await coordinator.Dispatch.GetMemberRegistryAsync());
        Assert.Equal(coordinator.Addresses.Registry, await coordinator.Rounds.GetMemberRegistryAsync());
    }
}
