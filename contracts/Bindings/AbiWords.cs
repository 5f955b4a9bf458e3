using System.Numerics;

namespace Consortium.Contracts.Bindings;

/// <summary>
/// Solidity's <c>abi.encode</c> for the few shapes the ledger hashes (static words and one-dimensional arrays of them),
/// written out so a hash computed here is byte for byte the one the contract computes.
/// </summary>
internal sealed class AbiWords
{
    private const int Word = 32;
    private readonly List<byte[]> _head = [];
    private readonly List<byte[]> _tail = [];
    private readonly List<(int HeadIndex, int TailOffset)> _offsets = [];
    private int _tailLength;

    public AbiWords Uint(BigInteger value)
    {
        _head.Add(Encode(value));
        return this;
    }

    public AbiWords Int(BigInteger value) => Uint(value);

    public AbiWords Address(ChainAddress address)
    {
        _head.Add(EncodeAddress(address));
        return this;
    }

    public AbiWords Array(IReadOnlyList<byte[]> words)
    {
        _offsets.Add((_head.Count, _tailLength));
        _head.Add([]);
        _tail.Add(Encode(words.Count));
        foreach (var word in words)
        {
            _tail.Add(word);
        }

        _tailLength += Word * (1 + words.Count);
        return this;
    }

    public byte[] ToArray()
    {
        var headLength = Word * _head.Count;
        foreach (var (index, tailOffset) in _offsets)
        {
            _head[index] = Encode(headLength + tailOffset);
        }

        var bytes = new byte[headLength + _tailLength];
        var position = 0;
        foreach (var word in _head.Concat(_tail))
        {
            word.CopyTo(bytes, position);
            position += Word;
        }

        return bytes;
    }

    /// <summary>A 256-bit word: unsigned big-endian, or two's complement for negative values.</summary>
    public static byte[] Encode(BigInteger value)
    {
        var word = new byte[Word];
        if (value.Sign < 0)
        {
            System.Array.Fill(word, (byte)0xff);
        }

        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        if (bytes.Length > Word + 1 || (bytes.Length == Word + 1 && bytes[0] != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit 256 bits.");
        }

        var significant = bytes.Length == Word + 1 ? bytes.AsSpan(1) : bytes.AsSpan();
        significant.CopyTo(word.AsSpan(Word - significant.Length));
        return word;
    }

    public static byte[] EncodeAddress(ChainAddress address)
    {
        var word = new byte[Word];
        Convert.FromHexString(address.ToString().AsSpan(2)).CopyTo(word, Word - 20);
        return word;
    }
}
