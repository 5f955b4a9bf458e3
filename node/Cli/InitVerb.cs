using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium init</c>: creates a node's home folder (<see cref="NodeHome.Initialize"/>) and prints its card.</summary>
public static class InitVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "init",
        $"Create a node's home folder: a new chain key in an encrypted keystore, a TLS certificate with its key encrypted, and node.json. The password comes from --password-file or {NodePassword.EnvironmentVariable}.",
        new Arguments(string.Empty, string.Empty, string.Empty, NodeSettings.DefaultListen, null, null),
        Run)
    {
        { CliOption.RequiredText("--home", "the node's home folder; created if missing, never overwritten", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--role", "operator, automaker, auditor, coordinator or grid", "ROLE"), (a, v) => a with { Role = v } },
        { CliOption.RequiredText("--name", "the node's name in the member registry", "NAME"), (a, v) => a with { Name = v } },
        { CliOption.Parsed("--listen", "where the node accepts calls", NodeSettings.DefaultListen, NodeEndpoint.Parse, "HOST:PORT"), (a, v) => a with { Listen = v } },
        { CliOption.Parsed<NodeEndpoint?>("--advertise", "where peers reach it [default: the listen endpoint]", null, NodeEndpoint.Parse, "HOST:PORT"), (a, v) => a with { Advertise = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the password for the node's secrets [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
    };

    private static Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        NodeRole role;
        string name;
        try
        {
            role = Enum.TryParse<NodeRole>(arguments.Role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(arguments.Role, out _)
                ? parsed
                : throw new FormatException($"--role must be one of {string.Join(", ", Enum.GetNames<NodeRole>().Select(n => n.ToLowerInvariant()))}, got '{arguments.Role}'");
            name = NodeSettings.CheckName(arguments.Name);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        var password = NodePassword.Read(arguments.PasswordFile);
        var settings = new NodeSettings(name, role, arguments.Listen, arguments.Advertise ?? arguments.Listen);
        var home = NodeHome.Initialize(arguments.Home, settings, password);
        output.WriteLine($"Created node {name} ({role.ToString().ToLowerInvariant()}) in {home.Path}:");
        output.WriteLine($"  {NodeHome.KeystoreFile} (chain key, scrypt keystore) and {NodeHome.TlsKeyFile} (TLS key) encrypted and readable by their owner only; {NodeHome.CertificateFile}; {NodeHome.SettingsFile}.");
        output.WriteLine("Its card (give it to the consortium's founders, or use it to join):");
        output.WriteLine(home.Card().ToJson());
        return Task.FromResult(0);
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">The home folder.</param>
    /// <param name="Role">The role, as given.</param>
    /// <param name="Name">The name, as given.</param>
    /// <param name="Listen">Where the node accepts calls.</param>
    /// <param name="Advertise">Where peers reach it, or null for <paramref name="Listen"/>.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    public sealed record Arguments(string Home, string Role, string Name, NodeEndpoint Listen, NodeEndpoint? Advertise, string? PasswordFile);
}
