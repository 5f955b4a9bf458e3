namespace Consortium.Contracts.Chain;

/// <summary>A keystore that cannot be opened: not a keystore, or not with this password. The message says which.</summary>
public sealed class ChainKeystoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainKeystoreException()
    {
    }

    /// <summary>Creates the exception with what went wrong.</summary>
    /// <param name="message">What went wrong.</param>
    public ChainKeystoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what went wrong and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ChainKeystoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
