using System.Text.Json;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

public sealed class ConsortiumAddressesTests
{
    [Fact]
    public void AddressesRoundTripThroughJsonAsChecksummedStrings()
    {
        var addresses = new ConsortiumAddresses(
            ChainAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
            ChainAddress.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
            ChainAddress.Parse("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"),
            ChainAddress.Parse("0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9"));

        var json = JsonSerializer.Serialize(addresses);

        Assert.Contains("\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", json);
        Assert.Equal(addresses, JsonSerializer.Deserialize<ConsortiumAddresses>(json));
    }

    [Fact]
    public void HashesRoundTripThroughJsonAsHex()
    {
        var hash = Keccak.Hash("model"u8);

        var json = JsonSerializer.Serialize(hash);

        Assert.Equal($"\"{hash}\"", json);
        Assert.Equal(hash, JsonSerializer.Deserialize<Hash32>(json));
    }
}
