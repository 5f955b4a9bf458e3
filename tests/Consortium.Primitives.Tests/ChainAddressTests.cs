using Nethereum.Util;

namespace Consortium.Primitives.Tests;

public sealed class ChainAddressTests
{
    [Fact]
    public void AddressIsHeldInItsChecksummedForm()
    {
        var address = ChainAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", address.ToString());
    }

    [Fact]
    public void AddressesWrittenInDifferentCaseAreEqual()
    {
        var lower = ChainAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var upper = ChainAddress.Parse("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266");

        Assert.Equal(lower, upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
    }

    [Fact]
    public void DefaultIsTheZeroAddress()
    {
        Assert.True(default(ChainAddress).IsZero);
        Assert.Equal(ChainAddress.Parse("0x0000000000000000000000000000000000000000"), default);
        Assert.Equal("0x0000000000000000000000000000000000000000", default(ChainAddress).ToString());
    }

    [Theory]
    [InlineData("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")]
    [InlineData("0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226")]
    [InlineData("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266")]
    public void MalformedTextIsRejected(string text)
    {
        Assert.False(ChainAddress.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ChainAddress.Parse(text));
    }

    [Fact]
    public void ChecksumAgreesWithNethereumOnRandomAddresses()
    {
        var random = new Random(11);
        var bytes = new byte[20];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(bytes);
            var lower = "0x" + Convert.ToHexStringLower(bytes);

            Assert.Equal(AddressUtil.Current.ConvertToChecksumAddress(lower), ChainAddress.Parse(lower).ToString());
        }
    }
}
