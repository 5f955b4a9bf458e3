using System.Reflection;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Ledger;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Tests.Bindings;

/// <summary>The hand-written Nethereum bindings must match what solc compiled, or calls would silently miss.</summary>
public sealed class ContractBindingTests
{
    private static readonly string[] Contracts = ["DispatchLedger", "MemberRegistry", "RoundLedger", "RewardToken"];

    private static readonly Type[] BindingTypes = typeof(ContractArtifact).Assembly.GetTypes()
        .Where(type => type.Namespace == typeof(ContractArtifact).Namespace)
        .ToArray();

    [Fact]
    public void TheRegistrysCreationCodeLeavesRoomForTheLargestDemosFoundersUnderTheInitcodeLimit()
    {
        // The registry creates the token and both ledgers, so its creation code embeds theirs; EIP-3860 caps creation
        // code with its constructor arguments at 49,152 bytes. The 20-operator demo founds with 23 members (the
        // coordinator, 19 operators, 3 automakers): leave room for one more, each named in up to 32 characters.
        var founders = Enumerable.Range(0, ConsortiumDeployment.MaxFoundersWithShortNames).ToArray();
        var deployment = new MemberRegistryDeployment
        {
            Founders = [.. founders.Select(i => $"0x{i + 1:x40}")],
            Names = [.. founders.Select(i => $"operator-{i:D2}-of-the-consortium-xy")],
            Roles = [.. founders.Select(_ => System.Numerics.BigInteger.One)],
            RoundRules = new RoundRulesData(),
        };
        var encoded = new Nethereum.Contracts.MessageEncodingServices.DeploymentMessageEncodingService<MemberRegistryDeployment>().GetDeploymentData(deployment);

        var bytes = (encoded.Length - 2) / 2;
        Assert.Equal(32, deployment.Names[0].Length);
        Assert.True(bytes <= ConsortiumDeployment.MaxInitcodeBytes, $"The registry's creation code with {founders.Length} founders is {bytes:N0} bytes, over EIP-3860's 49,152.");
    }

    [Fact]
    public void EveryContractIsEmbeddedWithAbiAndBytecode()
    {
        Assert.Equal(Contracts.Order(StringComparer.Ordinal), ContractArtifact.EmbeddedContractNames);
        foreach (var name in Contracts)
        {
            var artifact = ContractArtifact.Load(name);
            Assert.Matches("^0x[0-9a-f]{200,}$", artifact.Bytecode);
            Assert.True(artifact.DeployedBytecode.Length > 2);
            Assert.StartsWith("0.8.37", artifact.Compiler);
        }
    }

    [Fact]
    public void EveryCustomErrorInTheCompiledContractsCanBeDecoded()
    {
        var compiled = Contracts
            .SelectMany(name => ABIDeserialiserFactory.DeserialiseContractABI(ContractArtifact.Load(name).AbiJson).Errors)
            .Select(error => error.Sha3Signature)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var decodable = RevertDecoder.ErrorTypes.Select(type => ABITypedRegistry.GetError(type).Sha3Signature).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Subset(decodable, compiled);
    }

    [Fact]
    public void EveryErrorBindingIsRegisteredWithTheDecoder()
    {
        var errorBindings = BindingTypes.Where(type => type.GetCustomAttribute<ErrorAttribute>() is not null).ToHashSet();

        Assert.Equal(errorBindings, RevertDecoder.ErrorTypes.ToHashSet());
    }

    [Fact]
    public void EveryFunctionBindingExistsInTheCompiledAbis()
    {
        var compiled = Contracts
            .SelectMany(name => ABIDeserialiserFactory.DeserialiseContractABI(ContractArtifact.Load(name).AbiJson).Functions)
            .Select(function => function.Signature)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var type in BindingTypes.Where(type => type.GetCustomAttribute<FunctionAttribute>() is not null))
        {
            Assert.Contains(ABITypedRegistry.GetFunctionABI(type).Signature, compiled);
        }
    }

    [Fact]
    public void EveryEventBindingExistsInTheCompiledAbisWithTheSameIndexedFields()
    {
        var compiled = Contracts
            .SelectMany(name => ABIDeserialiserFactory.DeserialiseContractABI(ContractArtifact.Load(name).AbiJson).Events)
            .ToDictionary(e => e.Sha3Signature, e => string.Join(",", e.InputParameters.Select(p => p.Indexed)), StringComparer.OrdinalIgnoreCase);

        foreach (var type in BindingTypes.Where(type => type.GetCustomAttribute<EventAttribute>() is not null))
        {
            var binding = ABITypedRegistry.GetEvent(type);
            Assert.True(compiled.TryGetValue(binding.Sha3Signature, out var indexed), $"{binding.Name} is not in the compiled ABIs");
            Assert.Equal(indexed, string.Join(",", binding.InputParameters.Select(p => p.Indexed)));
        }
    }

    [Fact]
    public void RevertStringAndPanicAreDecodedByName()
    {
        var revertString = RevertDecoder.Decode(
            "0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
                         + "0000000000000000000000000000000000000000000000000000000000000004"
                         + "6f6f707300000000000000000000000000000000000000000000000000000000",
            null);
        var panic = RevertDecoder.Decode("0x4e487b71" + "0000000000000000000000000000000000000000000000000000000000000011", null);

        Assert.Equal("Error(oops)", revertString.Signature);
        Assert.Equal("Panic(17)", panic.Signature);
    }

    [Fact]
    public void UnknownSelectorIsReportedWithItsSelector()
    {
        var revert = RevertDecoder.Decode("0xdeadbeef", null);

        Assert.Equal("UnknownError_deadbeef", revert.ErrorName);
        Assert.Empty(revert.Arguments);
    }
}
