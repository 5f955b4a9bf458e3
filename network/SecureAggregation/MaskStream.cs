using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Consortium.Network.SecureAggregation;

/// <summary>
/// The pseudorandom generator that expands a 32-byte seed into a mask over the ring of 32-bit words: AES-256 in counter
/// mode (the seed is the key, the counter starts at 0), whose keystream is read as little-endian words. Both ends of a
/// pairwise mask expand the same seed, so one adds exactly what the other subtracts.
/// </summary>
public static class MaskStream
{
    /// <summary>Bytes of a seed.</summary>
    public const int SeedBytes = 32;

    private const int BlockBytes = 16;
    private const int ChunkBlocks = 4096;

    /// <summary>Adds (<paramref name="sign"/> = 1) or subtracts (−1) the mask of <paramref name="seed"/> to <paramref name="words"/>, modulo 2³².</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes or the sign is not ±1.</exception>
    public static void Apply(ReadOnlySpan<byte> seed, Span<uint> words, int sign)
    {
        if (seed.Length != SeedBytes)
        {
            throw new ArgumentException($"A mask seed is {SeedBytes} bytes, got {seed.Length}.", nameof(seed));
        }

        if (sign is not (1 or -1))
        {
            throw new ArgumentException($"A mask is added (1) or subtracted (−1), not {sign}.", nameof(sign));
        }

        using var aes = Aes.Create();
        aes.Key = seed.ToArray();
        var counters = new byte[ChunkBlocks * BlockBytes];
        var stream = new byte[counters.Length];
        ulong block = 0;
        for (var start = 0; start < words.Length;)
        {
            var count = Math.Min(words.Length - start, stream.Length / sizeof(uint));
            var blocks = ((count * sizeof(uint)) + BlockBytes - 1) / BlockBytes;
            for (var b = 0; b < blocks; b++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(counters.AsSpan(b * BlockBytes), block++);
            }

            aes.EncryptEcb(counters.AsSpan(0, blocks * BlockBytes), stream.AsSpan(0, blocks * BlockBytes), PaddingMode.None);
            var mask = MemoryMarshal.Cast<byte, uint>(stream.AsSpan(0, count * sizeof(uint)));
            var target = words.Slice(start, count);
            if (sign > 0)
            {
                for (var i = 0; i < count; i++)
                {
                    target[i] = unchecked(target[i] + mask[i]);
                }
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    target[i] = unchecked(target[i] - mask[i]);
                }
            }

            start += count;
        }
    }
}
