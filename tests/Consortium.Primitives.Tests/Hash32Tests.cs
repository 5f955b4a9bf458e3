namespace Consortium.Primitives.Tests;

public sealed class Hash32Tests
{
    private const string Text = "0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void ParsedHashPrintsBackAsLowercaseHexWithPrefix()
    {
        Assert.Equal(Text, Hash32.Parse(Text.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)).ToString());
        Assert.Equal(Text, Hash32.Parse(Text[2..]).ToString());
    }

    [Fact]
    public void BytesRoundTripInOrder()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes, new Hash32(bytes).ToArray());
    }

    [Fact]
    public void EqualHashesAreEqualAndDifferentOnesAreNot()
    {
        var a = Hash32.Parse(Text);
        var b = Hash32.Parse(Text);
        var c = Keccak.Hash([1]);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
    }

    [Fact]
    public void DefaultIsTheZeroHash()
    {
        Assert.True(default(Hash32).IsZero);
        Assert.Equal(Hash32.Zero, new Hash32(new byte[32]));
        Assert.False(Keccak.Hash([0]).IsZero);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0xzz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    [InlineData("")]
    public void MalformedTextIsRejected(string text)
    {
        Assert.False(Hash32.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Hash32.Parse(text));
    }

    [Fact]
    public void WrongLengthBytesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[31]));
    }
}
