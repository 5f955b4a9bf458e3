using System.Numerics;
using System.Text.Json;

namespace Consortium.Primitives.Tests;

/// <summary>
/// The primitives in JSON: addresses and hashes as values and as dictionary keys, token amounts as decimal strings; each
/// refuses what is not one.
/// </summary>
public sealed class JsonConvertersTests
{
    private static readonly ChainAddress Alba = ChainAddress.Parse("0x1068dc2B892D1b3Ca86139fc7b2b084D9BA8B30c");
    private static readonly Hash32 Root = Keccak.Hash([1, 2, 3]);
    private static readonly JsonSerializerOptions Amounts = new() { Converters = { new TokenAmountJsonConverter() } };

    [Fact]
    public void AddressesAndHashesAreDictionaryKeysAsTheirText()
    {
        var byAddress = new Dictionary<ChainAddress, Hash32> { [Alba] = Root };
        var byHash = new Dictionary<Hash32, int> { [Root] = 7 };

        var addressJson = JsonSerializer.Serialize(byAddress);
        var hashJson = JsonSerializer.Serialize(byHash);

        Assert.Equal($"{{\"{Alba}\":\"{Root}\"}}", addressJson);
        Assert.Equal($"{{\"{Root}\":7}}", hashJson);
        Assert.Equal(byAddress, JsonSerializer.Deserialize<Dictionary<ChainAddress, Hash32>>(addressJson));
        Assert.Equal(byHash, JsonSerializer.Deserialize<Dictionary<Hash32, int>>(hashJson));
    }

    [Theory]
    [InlineData("null", "null is not an address: an address is written as a JSON string.")]
    [InlineData("1234", "1234 is not an address: an address is written as a JSON string.")]
    [InlineData("true", "true is not an address: an address is written as a JSON string.")]
    [InlineData("\"0x12\"", "'0x12' is not an address.")]
    public void WhatIsNotAnAddressIsRefusedWithWhatStandsThere(string json, string problem)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ChainAddress>(json));

        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("null", "null is not a 32-byte hex value: a 32-byte hex value is written as a JSON string.")]
    [InlineData("12", "12 is not a 32-byte hex value: a 32-byte hex value is written as a JSON string.")]
    [InlineData("\"0xabcd\"", "'0xabcd' is not a 32-byte hex value.")]
    public void WhatIsNotAHashIsRefusedWithWhatStandsThere(string json, string problem)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Hash32>(json));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AKeyThatIsNotAnAddressIsRefused()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<ChainAddress, int>>("{\"alba\":1}"));

        Assert.Contains("'alba' is not an address", error.Message);
    }

    [Theory]
    [InlineData("142095057000000000000")]
    [InlineData("-12226098000000000000")]
    [InlineData("0")]
    public void ATokenAmountIsADecimalStringBothWays(string units)
    {
        var amount = BigInteger.Parse(units, System.Globalization.CultureInfo.InvariantCulture);

        var json = JsonSerializer.Serialize(amount, Amounts);

        Assert.Equal($"\"{units}\"", json);
        Assert.Equal(amount, JsonSerializer.Deserialize<BigInteger>(json, Amounts));
    }

    [Theory]
    [InlineData("\"1.5\"", "'1.5' is not a whole number of token base units")]
    [InlineData("\"plenty\"", "'plenty' is not a whole number of token base units")]
    [InlineData("\"\"", "'' is not a whole number of token base units")]
    [InlineData("15", "15 is not a token amount: a token amount is written as a JSON string.")]
    [InlineData("null", "null is not a token amount: a token amount is written as a JSON string.")]
    public void WhatIsNotATokenAmountIsRefused(string json, string problem)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BigInteger>(json, Amounts));

        Assert.Contains(problem, error.Message);
    }
}
