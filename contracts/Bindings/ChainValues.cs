using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Bindings;

/// <summary>Conversions between the ABI's wire types and the library's domain types.</summary>
internal static class ChainValues
{
    public static ulong ToRoundId(BigInteger value) =>
        value >= 0 && value <= ulong.MaxValue
            ? (ulong)value
            : throw new LedgerException($"Round id {value} is outside the range this library supports.");

    public static ulong ToId(BigInteger value) =>
        value >= 0 && value <= ulong.MaxValue
            ? (ulong)value
            : throw new LedgerException($"Id {value} is outside the range this library supports.");

    public static long ToScore(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue
            ? (long)value
            : throw new LedgerException($"Score {value} is outside 64-bit fixed point.");

    public static DateTimeOffset FromUnixSeconds(ulong seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(checked((long)seconds));

    public static ulong ToUnixSeconds(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds >= 0 ? (ulong)seconds : throw new ArgumentOutOfRangeException(nameof(time), time, "Chain time starts at 1970.");
    }

    public static Hash32 ToHash(byte[] bytes) =>
        bytes.Length == Hash32.Length ? new Hash32(bytes) : throw new LedgerException($"Expected 32 bytes, got {bytes.Length}.");

    public static Hash32 TxHash(FilterLog log) => Hash32.FromHex(log.TransactionHash);

    public static ulong Block(FilterLog log) => (ulong)log.BlockNumber.Value;

    public static BlockParameter FromBlock(ulong fromBlock) => new(fromBlock);

    public static IEnumerable<EventLog<T>> InChainOrder<T>(IEnumerable<EventLog<T>> logs) =>
        logs.OrderBy(log => log.Log.BlockNumber.Value).ThenBy(log => log.Log.LogIndex.Value);
}
