using System.Buffers.Binary;
using Consortium.Network.Federation;

namespace Consortium.Network.Dispatch;

/// <summary>The byte encodings both ends of the dispatch protocol hash, so that a hash on chain can be recomputed by anyone holding the values.</summary>
public static class DispatchDigest
{
    /// <summary>
    /// Keccak-256 of a metered delivery: the event id as a 32-byte big-endian integer, the 32-byte request hash, then
    /// every step's metered kWh as a big-endian IEEE-754 double.
    /// </summary>
    /// <param name="eventId">The ledger's id of the event.</param>
    /// <param name="requestHash">The event's request hash, 32 bytes.</param>
    /// <param name="meteredKwh">Grid energy per step, kWh.</param>
    public static byte[] Delivery(ulong eventId, ReadOnlySpan<byte> requestHash, ReadOnlySpan<double> meteredKwh)
    {
        if (requestHash.Length != 32)
        {
            throw new ArgumentException($"A request hash is 32 bytes, got {requestHash.Length}.", nameof(requestHash));
        }

        var bytes = new byte[64 + (8 * meteredKwh.Length)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), eventId);
        requestHash.CopyTo(bytes.AsSpan(32));
        for (var t = 0; t < meteredKwh.Length; t++)
        {
            BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(64 + (8 * t)), meteredKwh[t]);
        }

        return ModelDigest.Keccak256(bytes);
    }
}
