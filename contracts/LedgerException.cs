namespace Consortium.Contracts;

/// <summary>
/// The ledger could not be reached or answered unexpectedly: the JSON-RPC endpoint failed,
/// a transaction was dropped, or a response could not be read.
/// </summary>
public class LedgerException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public LedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public LedgerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
