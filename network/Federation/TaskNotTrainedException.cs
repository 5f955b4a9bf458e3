namespace Consortium.Network.Federation;

/// <summary>
/// The node was asked about a federated task it does not train (it holds no data for it). Answered as
/// <c>UNIMPLEMENTED</c>, so that a coordinator can tell a member that does not take part in a task from one that fails.
/// </summary>
public sealed class TaskNotTrainedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TaskNotTrainedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskNotTrainedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskNotTrainedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
