using Consortium.Contracts.Chain;
using Consortium.Node.Home;

namespace Consortium.Node.Demo;

/// <summary>
/// The demo's home folders: one per party, as each would have on its own server, created once in the demo's data folder
/// and reused by later runs. Development settings, documented and for the demo only: every home shares the password
/// <see cref="Password"/> (written to <c>demo-password</c> in the data folder, which the demo hands to its nodes with
/// <c>--password-file</c>) and a light scrypt cost, so that opening a dozen keystores takes milliseconds, not minutes.
/// </summary>
public static class DemoHomes
{
    /// <summary>The demo's development password: never use it for a node that holds anything of value.</summary>
    public const string Password = "consortium-demo-development-password";

    /// <summary>The demo's light keystore cost (N = 2^12); <see cref="ChainKeystore.Standard"/> for real nodes.</summary>
    public static ScryptCost Cost { get; } = new(4096, 8, 1);

    /// <summary>Writes the password file (owner-only) into <paramref name="dataDir"/> and returns its path.</summary>
    public static string WritePassword(string dataDir)
    {
        var path = Path.Combine(dataDir, "demo-password");
        File.WriteAllText(path, Password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    /// <summary>Opens the home at <paramref name="path"/>, or creates it for <paramref name="name"/> with a free loopback port.</summary>
    public static NodeHome OpenOrCreate(string path, string name, NodeRole role)
    {
        if (File.Exists(Path.Combine(path, NodeHome.SettingsFile)))
        {
            var home = NodeHome.Open(path);
            if (home.Settings.Name == name && home.Settings.Role == role && PortsFree(home.Settings))
            {
                return home;
            }

            foreach (var file in new[] { NodeHome.SettingsFile, NodeHome.KeystoreFile, NodeHome.TlsKeyFile, NodeHome.CertificateFile })
            {
                File.Delete(Path.Combine(path, file));
            }
        }

        var port = LoopbackPorts.Pair();
        var listen = new NodeEndpoint("127.0.0.1", port);
        return NodeHome.Initialize(path, new NodeSettings(name, role, listen, listen), Password, Cost);
    }

    private static bool PortsFree(NodeSettings settings) => LoopbackPorts.IsFree(settings.Listen.Port) && LoopbackPorts.IsFree(settings.Operations.Port);
}
