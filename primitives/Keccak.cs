using Org.BouncyCastle.Crypto.Digests;

namespace Consortium.Primitives;

/// <summary>
/// Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256):
/// the hash every model, update and commitment on the ledger is identified by.
/// </summary>
public static class Keccak
{
    private const int StreamBufferSize = 81920;

    /// <summary>Hashes <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash, for example a serialized model.</param>
    /// <returns>The 32-byte digest.</returns>
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        return Finish(digest);
    }

    /// <summary>Hashes everything left in <paramref name="stream"/>, reading it to its end.</summary>
    /// <param name="stream">A readable stream, for example a model file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The 32-byte digest.</returns>
    public static async Task<Hash32> HashAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var digest = new KeccakDigest(256);
        var buffer = new byte[StreamBufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            digest.BlockUpdate(buffer, 0, read);
        }

        return Finish(digest);
    }

    private static Hash32 Finish(KeccakDigest digest)
    {
        Span<byte> output = stackalloc byte[Hash32.Length];
        digest.DoFinal(output);
        return new Hash32(output);
    }
}
