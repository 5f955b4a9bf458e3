namespace Consortium.Contracts;

/// <summary>
/// A contract refused a call or transaction. <see cref="ErrorName"/> is the Solidity custom error
/// (e.g. <c>RoundLedger_NotMember</c>), with its decoded <see cref="Arguments"/>;
/// <c>Error</c> and <c>Panic</c> stand for a revert string and a compiler-inserted check.
/// </summary>
public sealed class LedgerRevertedException : LedgerException
{
    /// <summary>Creates the exception for a decoded revert.</summary>
    /// <param name="errorName">The custom error's name.</param>
    /// <param name="arguments">Its decoded arguments, in declaration order.</param>
    /// <param name="encodedData">The raw revert data, hex with <c>0x</c>.</param>
    /// <param name="innerException">The RPC failure the revert arrived in.</param>
    public LedgerRevertedException(
        string errorName,
        IReadOnlyList<LedgerErrorArgument> arguments,
        string encodedData,
        Exception? innerException = null)
        : base($"The contract reverted with {FormatSignature(errorName, arguments)}.", innerException)
    {
        ErrorName = errorName;
        Arguments = arguments;
        EncodedData = encodedData;
    }

    /// <summary>The custom error's name, e.g. <c>RoundLedger_AlreadyCommitted</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The error's decoded arguments, in declaration order.</summary>
    public IReadOnlyList<LedgerErrorArgument> Arguments { get; }

    /// <summary>The raw revert data, hex with <c>0x</c>.</summary>
    public string EncodedData { get; }

    /// <summary>The error as Solidity would print it, e.g. <c>RoundLedger_NotMember(0xAbC...)</c>.</summary>
    public string Signature => FormatSignature(ErrorName, Arguments);

    /// <summary>The value of the argument named <paramref name="name"/>, converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type, e.g. <see cref="ChainAddress"/> or <see cref="System.Numerics.BigInteger"/>.</typeparam>
    /// <param name="name">The parameter's name in the Solidity declaration.</param>
    /// <exception cref="KeyNotFoundException">The error has no such argument.</exception>
    /// <exception cref="InvalidCastException">The argument has another type.</exception>
    public T GetArgument<T>(string name)
    {
        foreach (var argument in Arguments)
        {
            if (argument.Name == name)
            {
                return (T)argument.Value!;
            }
        }

        throw new KeyNotFoundException($"{ErrorName} has no argument named '{name}'.");
    }

    private static string FormatSignature(string errorName, IReadOnlyList<LedgerErrorArgument> arguments) =>
        $"{errorName}({string.Join(", ", arguments)})";
}
