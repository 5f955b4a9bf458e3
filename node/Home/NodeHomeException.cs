namespace Consortium.Node.Home;

/// <summary>A home folder that cannot be used as asked: missing, already initialized, a wrong password. The message says which.</summary>
public sealed class NodeHomeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeHomeException()
    {
    }

    /// <summary>Creates the exception with what is wrong.</summary>
    /// <param name="message">What is wrong.</param>
    public NodeHomeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what is wrong and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NodeHomeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
