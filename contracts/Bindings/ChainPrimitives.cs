using System.Globalization;

namespace Consortium.Contracts.Bindings;

/// <summary>Reads primitives from what a node returns, failing with a <see cref="LedgerException"/> on anything else.</summary>
internal static class ChainPrimitives
{
    extension(ChainAddress)
    {
        /// <summary>An address returned by the chain.</summary>
        public static ChainAddress FromChain(string? text) =>
            ChainAddress.TryParse(text, out var address)
                ? address
                : throw new LedgerException($"The chain returned '{text}' where an address was expected.");
    }

    extension(Hash32)
    {
        /// <summary>A 32-byte value returned by the chain as hex.</summary>
        public static Hash32 FromHex(string hex) =>
            Hash32.TryParse(hex, CultureInfo.InvariantCulture, out var hash)
                ? hash
                : throw new LedgerException($"The chain returned '{hex}' where a 32-byte hash was expected.");
    }
}
