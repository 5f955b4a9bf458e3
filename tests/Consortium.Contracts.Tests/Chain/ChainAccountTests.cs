using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Tests.Chain;

public sealed class ChainAccountTests
{
    [Fact]
    public void KnownDevelopmentKeyDerivesItsKnownAddress()
    {
        var account = ChainAccount.FromPrivateKey("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

        Assert.Equal(ChainAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), account.Address);
        Assert.Equal("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", account.PrivateKey);
    }

    [Fact]
    public void GeneratedAccountsAreDistinctAndRestorableFromTheirKeys()
    {
        var first = ChainAccount.Generate();
        var second = ChainAccount.Generate();

        Assert.NotEqual(first.Address, second.Address);
        Assert.Equal(66, first.PrivateKey.Length);
        Assert.Equal(first.Address, ChainAccount.FromPrivateKey(first.PrivateKey).Address);
    }

    [Fact]
    public void ToStringShowsTheAddressAndNotTheKey()
    {
        var account = ChainAccount.Generate();

        Assert.Equal(account.Address.ToString(), account.ToString());
        Assert.DoesNotContain(account.PrivateKey[2..], account.ToString());
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("zz0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    public void MalformedPrivateKeyIsRejected(string key)
    {
        Assert.Throws<FormatException>(() => ChainAccount.FromPrivateKey(key));
    }
}
