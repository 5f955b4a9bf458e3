namespace Consortium.Node.Cli;

/// <summary>The command line is wrong; the message says how. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
