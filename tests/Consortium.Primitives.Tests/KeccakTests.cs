using System.Text;
using Nethereum.Util;

namespace Consortium.Primitives.Tests;

public sealed class KeccakTests
{
    [Fact]
    public void EmptyInputHashesToTheEthereumKeccakOfNothing()
    {
        Assert.Equal(
            Hash32.Parse("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            Keccak.Hash(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void HashAgreesWithNethereumsKeccakOnAModelSizedBuffer()
    {
        var bytes = new byte[100_003];
        new Random(7).NextBytes(bytes);

        Assert.Equal(new Hash32(Sha3Keccack.Current.CalculateHash(bytes)), Keccak.Hash(bytes));
    }

    [Fact]
    public async Task StreamHashEqualsTheHashOfTheSameBytes()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('m', 200_000));
        await using var stream = new MemoryStream(bytes);

        Assert.Equal(Keccak.Hash(bytes), await Keccak.HashAsync(stream));
    }

    [Fact]
    public void HashIsKeccakNotNistSha3()
    {
        var sha3 = Hash32.Parse("0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");

        Assert.NotEqual(sha3, Keccak.Hash(ReadOnlySpan<byte>.Empty));
    }
}
