using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>The consortium descriptor a founder hands to newcomers: written and read back, and refused when a field is wrong.</summary>
public sealed class ConsortiumDescriptorTests
{
    private static readonly ConsortiumDescriptor Descriptor = new()
    {
        ChainId = 31337,
        RpcUrl = "http://127.0.0.1:8545",
        Contracts = new ConsortiumAddresses(ChainAccount.Generate().Address, ChainAccount.Generate().Address, ChainAccount.Generate().Address, ChainAccount.Generate().Address),
        DeploymentBlock = 12,
    };

    [Fact]
    public void ADescriptorReadsBackAsWritten()
    {
        var json = Descriptor.ToJson();

        Assert.Equal(Descriptor, ConsortiumDescriptor.Parse(json));
        Assert.Equal(["chainId", "rpcUrl", "contracts", "deploymentBlock"], JsonNode.Parse(json)!.AsObject().Select(p => p.Key));
        Assert.Equal(["registry", "rounds", "token", "dispatch"], JsonNode.Parse(json)!["contracts"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("chainId", "0", "chainId 0 is not positive")]
    [InlineData("rpcUrl", "\"ftp://example.org\"", "rpcUrl 'ftp://example.org' is not an http(s) or ws(s) URL")]
    [InlineData("deploymentBlock", "\"twelve\"", "(at $.deploymentBlock)")]
    public void AWrongFieldIsNamed(string field, string value, string problem)
    {
        var json = JsonNode.Parse(Descriptor.ToJson())!;
        json[field] = JsonNode.Parse(value);

        var error = Assert.Throws<FormatException>(() => ConsortiumDescriptor.Parse(json.ToJsonString()));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AMissingContractIsNamed()
    {
        var json = JsonNode.Parse(Descriptor.ToJson())!;
        json["contracts"]!.AsObject().Remove("dispatch");

        var error = Assert.Throws<FormatException>(() => ConsortiumDescriptor.Parse(json.ToJsonString()));

        Assert.Contains("dispatch", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
