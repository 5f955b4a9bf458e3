namespace Consortium.Contracts;

/// <summary>One decoded argument of a contract's custom error.</summary>
/// <param name="Name">The parameter's name in the Solidity declaration, e.g. <c>roundId</c>.</param>
/// <param name="SolidityType">The parameter's ABI type, e.g. <c>uint256</c>.</param>
/// <param name="Value">
/// The value: a <see cref="ChainAddress"/> for addresses, a <see cref="Hash32"/> for <c>bytes32</c>,
/// a <see cref="System.Numerics.BigInteger"/> for integers, otherwise what the ABI decoder returns.
/// </param>
public sealed record LedgerErrorArgument(string Name, string SolidityType, object? Value)
{
    /// <summary>The value as it would read in a Solidity call, e.g. <c>0xAbC...</c> or <c>7</c>.</summary>
    public override string ToString() => Value switch
    {
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        bool flag => flag ? "true" : "false",
        null => "null",
        _ => Value.ToString() ?? string.Empty,
    };
}
