using System.Buffers.Binary;

namespace Consortium.Network.Dispatch;

/// <summary>The byte encodings both ends of the dispatch protocol hash, so that a hash on chain can be recomputed by anyone holding the values.</summary>
public static class DispatchDigest
{
    /// <summary>
    /// Keccak-256 of a metered delivery: the event id as a 32-byte big-endian integer, the 32-byte request hash, then
    /// every step's metered kWh as a big-endian IEEE-754 double.
    /// </summary>
    /// <param name="eventId">The ledger's id of the event.</param>
    /// <param name="requestHash">The event's request hash.</param>
    /// <param name="meteredKwh">Grid energy per step, kWh.</param>
    public static Hash32 Delivery(ulong eventId, Hash32 requestHash, ReadOnlySpan<double> meteredKwh)
    {
        var bytes = new byte[64 + (8 * meteredKwh.Length)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), eventId);
        requestHash.CopyTo(bytes.AsSpan(32));
        for (var t = 0; t < meteredKwh.Length; t++)
        {
            BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(64 + (8 * t)), meteredKwh[t]);
        }

        return Keccak.Hash(bytes);
    }
}
