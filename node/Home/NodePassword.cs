namespace Consortium.Node.Home;

/// <summary>
/// The password that opens a node's keystore and TLS key. It comes from a file (<c>--password-file</c>, e.g. a systemd
/// credential or a mounted container secret) or from the <c>CONSORTIUM_PASSWORD</c> environment variable; never from the
/// command line, where other users of the host could read it, and never into a log.
/// </summary>
public static class NodePassword
{
    /// <summary>The environment variable a password may come from.</summary>
    public const string EnvironmentVariable = "CONSORTIUM_PASSWORD";

    /// <summary>The shortest password accepted when a home is created.</summary>
    public const int MinLength = 8;

    /// <summary>The password from <paramref name="passwordFile"/> (its first line) or else from the environment.</summary>
    /// <param name="passwordFile">A file holding the password, or null.</param>
    /// <exception cref="NodeHomeException">Neither gives a password; the message says where to put one.</exception>
    public static string Read(string? passwordFile)
    {
        if (passwordFile is not null)
        {
            if (!File.Exists(passwordFile))
            {
                throw new NodeHomeException($"the password file {passwordFile} does not exist");
            }

            var line = File.ReadLines(passwordFile).FirstOrDefault()?.TrimEnd('\r');
            return string.IsNullOrEmpty(line) ? throw new NodeHomeException($"the password file {passwordFile} is empty") : line;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(fromEnvironment)
            ? throw new NodeHomeException($"no password: give --password-file FILE or set {EnvironmentVariable} (a password is never taken from the command line)")
            : fromEnvironment;
    }
}
