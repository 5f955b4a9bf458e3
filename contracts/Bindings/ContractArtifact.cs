using System.Collections.Concurrent;
using System.Text.Json;

namespace Consortium.Contracts.Bindings;

/// <summary>
/// A compiled contract as the build embedded it: the ABI and the creation bytecode solc produced
/// from contracts/src. Nothing compiled is committed; the build regenerates these.
/// </summary>
internal sealed class ContractArtifact
{
    private const string ResourcePrefix = "Consortium.Contracts.Artifacts.";
    private static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new(StringComparer.Ordinal);

    private ContractArtifact(string contractName, string abiJson, string bytecode, string deployedBytecode, string compiler)
    {
        ContractName = contractName;
        AbiJson = abiJson;
        Bytecode = bytecode;
        DeployedBytecode = deployedBytecode;
        Compiler = compiler;
    }

    public string ContractName { get; }

    public string AbiJson { get; }

    /// <summary>Creation bytecode, hex with 0x.</summary>
    public string Bytecode { get; }

    /// <summary>Runtime bytecode, hex with 0x (immutables still zeroed).</summary>
    public string DeployedBytecode { get; }

    public string Compiler { get; }

    public static ContractArtifact MemberRegistry => Load("MemberRegistry");

    public static ContractArtifact RoundLedger => Load("RoundLedger");

    public static ContractArtifact RewardToken => Load("RewardToken");

    public static ContractArtifact DispatchLedger => Load("DispatchLedger");

    /// <summary>The names of every embedded contract artifact.</summary>
    public static IReadOnlyList<string> EmbeddedContractNames =>
        typeof(ContractArtifact).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static ContractArtifact Load(string contractName) => Cache.GetOrAdd(contractName, Read);

    private static ContractArtifact Read(string contractName)
    {
        var resourceName = ResourcePrefix + contractName + ".json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Consortium.Contracts.dll has no embedded artifact {resourceName}; the Solidity build step did not run.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        return new ContractArtifact(
            contractName,
            root.GetProperty("abi").GetRawText(),
            root.GetProperty("bytecode").GetString()!,
            root.GetProperty("deployedBytecode").GetString()!,
            root.GetProperty("compiler").GetString()!);
    }
}
