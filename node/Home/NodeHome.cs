using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Microsoft.Extensions.Configuration;

namespace Consortium.Node.Home;

/// <summary>
/// A node's home folder: everything one member's node keeps on its own host. <c>node.json</c> (what the node is and
/// where it serves), <c>keystore.json</c> (its chain key, Web3 Secret Storage), <c>tls.p12</c> (its TLS key, encrypted)
/// with <c>tls.crt</c> (its public certificate), and later its store and logs. The folder is readable by its owner only.
/// </summary>
public sealed class NodeHome
{
    /// <summary>The settings file.</summary>
    public const string SettingsFile = "node.json";

    /// <summary>The chain key's keystore.</summary>
    public const string KeystoreFile = "keystore.json";

    /// <summary>The TLS certificate with its private key, encrypted (PKCS#12).</summary>
    public const string TlsKeyFile = "tls.p12";

    /// <summary>The public TLS certificate (PEM).</summary>
    public const string CertificateFile = "tls.crt";

    /// <summary>The node's private store (LiteDB): its imported data, artifacts, rounds and dispatch events.</summary>
    public const string StoreFile = "node.db";

    /// <summary>The prefix of environment variables that override <c>node.json</c> (<c>CONSORTIUM_Node__Listen</c>).</summary>
    public const string EnvironmentPrefix = "CONSORTIUM_";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private NodeHome(string path, NodeSettings settings)
    {
        Path = path;
        Settings = settings;
    }

    /// <summary>The folder, absolute.</summary>
    public string Path { get; }

    /// <summary>The node's private store, <see cref="StoreFile"/> in the folder.</summary>
    public string StorePath => System.IO.Path.Combine(Path, StoreFile);

    /// <summary>The node's settings: <c>node.json</c>, then the environment, then the overrides it was opened with.</summary>
    public NodeSettings Settings { get; }

    /// <summary>
    /// Creates a home: a fresh chain key in a keystore and a fresh TLS certificate, both encrypted under
    /// <paramref name="password"/>, and the settings file. An existing home is never overwritten.
    /// </summary>
    /// <param name="path">The folder; created if missing, and it must not already hold a node.</param>
    /// <param name="settings">What the node is and where it serves.</param>
    /// <param name="password">The password for its secrets, at least <see cref="NodePassword.MinLength"/> characters.</param>
    /// <param name="cost">Scrypt's cost for the keystore; <see cref="ChainKeystore.Standard"/> unless given.</param>
    /// <exception cref="NodeHomeException">The folder already holds a node, or the password is too short.</exception>
    public static NodeHome Initialize(string path, NodeSettings settings, string password, ScryptCost? cost = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(password);
        var home = System.IO.Path.GetFullPath(path);
        if (password.Length < NodePassword.MinLength)
        {
            throw new NodeHomeException($"the password is {password.Length} characters; a node's secrets need at least {NodePassword.MinLength}");
        }

        var existing = new[] { SettingsFile, KeystoreFile, TlsKeyFile }.Select(file => System.IO.Path.Combine(home, file)).Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            throw new NodeHomeException($"{home} already holds a node ({string.Join(", ", existing.Select(System.IO.Path.GetFileName))}); nothing was overwritten");
        }

        Directory.CreateDirectory(home);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var account = ChainAccount.Generate();
        WriteSecret(System.IO.Path.Combine(home, KeystoreFile), System.Text.Encoding.UTF8.GetBytes(ChainKeystore.Encrypt(account, password, cost)));
        using (var certificate = NodeCertificate.Create(settings.Name, settings.Advertise))
        {
            WriteSecret(System.IO.Path.Combine(home, TlsKeyFile), NodeCertificate.ExportEncrypted(certificate, password));
            File.WriteAllText(System.IO.Path.Combine(home, CertificateFile), certificate.ExportCertificatePem() + "\n");
        }

        var document = new Dictionary<string, object>
        {
            ["Node"] = new Dictionary<string, string>
            {
                ["Name"] = settings.Name,
                ["Role"] = settings.Role.ToString().ToLowerInvariant(),
                ["Listen"] = settings.Listen.ToString(),
                ["Advertise"] = settings.Advertise.ToString(),
            },
        };
        File.WriteAllText(System.IO.Path.Combine(home, SettingsFile), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return new NodeHome(home, settings);
    }

    /// <summary>Opens a home: its settings from <c>node.json</c>, the environment and <paramref name="overrides"/>, in rising precedence.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="overrides">Settings given on the command line, by configuration key (<c>Node:Listen</c>), or null.</param>
    /// <exception cref="NodeHomeException">The folder holds no node, or a setting is missing or malformed (the key is named).</exception>
    public static NodeHome Open(string path, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var home = System.IO.Path.GetFullPath(path);
        var settingsPath = System.IO.Path.Combine(home, SettingsFile);
        if (!File.Exists(settingsPath))
        {
            throw new NodeHomeException($"{home} holds no node ({SettingsFile} is missing); create one with consortium init --home {home}");
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(settingsPath, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
                .Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new NodeHomeException($"{settingsPath} is not valid JSON: {e.Message}", e);
        }

        var node = configuration.GetSection("Node");
        var listen = Parse(node, "Listen", settingsPath, NodeEndpoint.Parse);
        var settings = new NodeSettings(
            Parse(node, "Name", settingsPath, NodeSettings.CheckName),
            Parse(node, "Role", settingsPath, ParseRole),
            listen,
            node["Advertise"] is null ? listen : Parse(node, "Advertise", settingsPath, NodeEndpoint.Parse));
        if (node["Operations"] is not null)
        {
            settings = settings with { Operations = Parse(node, "Operations", settingsPath, NodeEndpoint.Parse) };
        }

        return new NodeHome(home, settings);
    }

    /// <summary>The node's public card, read without its password.</summary>
    public NodeCard Card()
    {
        var keystore = System.IO.Path.Combine(Path, KeystoreFile);
        var certificatePath = System.IO.Path.Combine(Path, CertificateFile);
        ChainAddress address;
        try
        {
            address = ChainKeystore.AddressOf(File.ReadAllText(keystore));
        }
        catch (Exception e) when (e is ChainKeystoreException or IOException)
        {
            throw new NodeHomeException($"{keystore}: {e.Message}", e);
        }

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return new NodeCard
        {
            Name = Settings.Name,
            Role = Settings.Role.ToString().ToLowerInvariant(),
            Address = address,
            Endpoint = Settings.Advertise.ToString(),
            TlsFingerprint = NodeCertificate.Fingerprint(certificate),
        };
    }

    /// <summary>Opens the node's chain key.</summary>
    /// <exception cref="NodeHomeException">The password does not open it.</exception>
    public ChainAccount OpenAccount(string password)
    {
        var keystore = System.IO.Path.Combine(Path, KeystoreFile);
        try
        {
            return ChainKeystore.Decrypt(File.ReadAllText(keystore), password);
        }
        catch (ChainKeystoreException e)
        {
            throw new NodeHomeException($"{keystore}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Replaces the node's TLS certificate and key with fresh ones under <paramref name="password"/> (the password must
    /// open the current key, so a stranger with write access cannot swap them silently). The new files are written next
    /// to the old ones and moved into place, so a crash leaves one complete pair; the card then names the new fingerprint,
    /// which the node publishes on chain before peers accept it.
    /// </summary>
    /// <returns>The new certificate's fingerprint.</returns>
    /// <exception cref="NodeHomeException">The password does not open the current key.</exception>
    public Hash32 RotateCertificate(string password)
    {
        using (OpenCertificate(password))
        {
        }

        using var certificate = NodeCertificate.Create(Settings.Name, Settings.Advertise);
        var keyPath = System.IO.Path.Combine(Path, TlsKeyFile);
        var certificatePath = System.IO.Path.Combine(Path, CertificateFile);
        var newKey = keyPath + ".new";
        var newCertificate = certificatePath + ".new";
        File.Delete(newKey);
        WriteSecret(newKey, NodeCertificate.ExportEncrypted(certificate, password));
        File.WriteAllText(newCertificate, certificate.ExportCertificatePem() + "\n");
        File.Move(newKey, keyPath, overwrite: true);
        File.Move(newCertificate, certificatePath, overwrite: true);
        return NodeCertificate.Fingerprint(certificate);
    }

    /// <summary>Opens the node's TLS certificate with its private key.</summary>
    /// <exception cref="NodeHomeException">The password does not open it.</exception>
    public X509Certificate2 OpenCertificate(string password)
    {
        var path = System.IO.Path.Combine(Path, TlsKeyFile);
        return NodeCertificate.OpenEncrypted(File.ReadAllBytes(path), password, path);
    }

    private static void WriteSecret(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }

    private static NodeRole ParseRole(string text) =>
        Enum.TryParse<NodeRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _)
            ? role
            : throw new FormatException($"'{text}' is not a role: one of {string.Join(", ", Enum.GetNames<NodeRole>().Select(n => n.ToLowerInvariant()))}");

    private static string Required(IConfigurationSection section, string key, string settingsPath) =>
        section[key] is { Length: > 0 } value ? value : throw new NodeHomeException($"{settingsPath}: Node:{key} is missing");

    private static T Parse<T>(IConfigurationSection section, string key, string settingsPath, Func<string, T> parse)
    {
        var text = Required(section, key, settingsPath);
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new NodeHomeException($"{settingsPath}: Node:{key}: {e.Message}", e);
        }
    }
}
