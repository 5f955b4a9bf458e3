using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Consortium.Contracts.Bindings;

// The errors of OpenZeppelin's SafeCast, which the contracts use for every narrowing cast; solc lists them in the ABI of
// each contract that can revert with them, and ContractBindingTests checks each one can be decoded.

[Error("SafeCastOverflowedUintDowncast")]
internal sealed class SafeCastOverflowedUintDowncastError
{
    [Parameter("uint8", "bits", 1)]
    public byte Bits { get; set; }

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

[Error("SafeCastOverflowedIntDowncast")]
internal sealed class SafeCastOverflowedIntDowncastError
{
    [Parameter("uint8", "bits", 1)]
    public byte Bits { get; set; }

    [Parameter("int256", "value", 2)]
    public BigInteger Value { get; set; }
}
