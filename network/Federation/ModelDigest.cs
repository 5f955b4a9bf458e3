using Org.BouncyCastle.Crypto.Digests;

namespace Consortium.Network.Federation;

/// <summary>Keccak-256 (Ethereum's hash, not NIST SHA3-256) of model bytes.</summary>
public static class ModelDigest
{
    /// <summary>The 32-byte Keccak-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        return hash;
    }

    /// <summary>0x-prefixed lowercase hex of a hash.</summary>
    public static string ToHex(ReadOnlySpan<byte> hash) => "0x" + Convert.ToHexStringLower(hash);
}
