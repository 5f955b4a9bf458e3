using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Chain;
using Consortium.Node.Home;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Home;

/// <summary>
/// A node's home folder: its secrets encrypted and private to its owner, its card read without a password and matching
/// what the password opens, settings layered file → environment → command line, and nothing overwritten.
/// </summary>
public sealed class NodeHomeTests
{
    private const string Password = "correct-horse-battery";
    private static readonly ScryptCost Cheap = new(1024, 8, 1);
    private static readonly NodeSettings Dundee = new("dundee-a", NodeRole.Operator, NodeEndpoint.Parse("0.0.0.0:7701"), NodeEndpoint.Parse("10.0.0.2:7701"));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AHomeHoldsEncryptedSecretsOnlyItsOwnerCanRead()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "node");

        NodeHome.Initialize(path, Dundee, Password, Cheap);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(path, NodeHome.KeystoreFile)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(path, NodeHome.TlsKeyFile)));
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(Path.Combine(path, NodeHome.CertificateFile)), StringComparison.Ordinal);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(path, NodeHome.TlsKeyFile), "not-the-password"));
    }

    [Fact]
    public void TheCardIsWhatThePasswordOpens()
    {
        using var directory = new TemporaryDirectory();
        var home = NodeHome.Initialize(directory.Path, Dundee, Password, Cheap);

        var card = NodeHome.Open(directory.Path).Card();
        using var certificate = home.OpenCertificate(Password);

        Assert.Equal(("dundee-a", "operator", "10.0.0.2:7701"), (card.Name, card.Role, card.Endpoint));
        Assert.Equal(home.OpenAccount(Password).Address, card.Address);
        Assert.Equal(NodeCertificate.Fingerprint(certificate), card.TlsFingerprint);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=dundee-a, O=Consortium node", certificate.Subject);
        Assert.Equal(card, NodeCard.Parse(card.ToJson()));
    }

    [Fact]
    public void AWrongPasswordIsNamedForEachSecret()
    {
        using var directory = new TemporaryDirectory();
        var home = NodeHome.Initialize(directory.Path, Dundee, Password, Cheap);

        var key = Assert.Throws<NodeHomeException>(() => home.OpenAccount("Correct-horse-battery"));
        var tls = Assert.Throws<NodeHomeException>(() => home.OpenCertificate("Correct-horse-battery"));

        Assert.Equal($"{Path.Combine(home.Path, NodeHome.KeystoreFile)}: the password does not open the keystore", key.Message);
        Assert.StartsWith($"the password does not open the TLS key at {Path.Combine(home.Path, NodeHome.TlsKeyFile)}", tls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExistingHomeIsNeverOverwritten()
    {
        using var directory = new TemporaryDirectory();
        NodeHome.Initialize(directory.Path, Dundee, Password, Cheap);
        var keystore = File.ReadAllText(Path.Combine(directory.Path, NodeHome.KeystoreFile));

        var error = Assert.Throws<NodeHomeException>(() => NodeHome.Initialize(directory.Path, Dundee with { Name = "other" }, Password, Cheap));

        Assert.Contains("already holds a node", error.Message);
        Assert.Equal(keystore, File.ReadAllText(Path.Combine(directory.Path, NodeHome.KeystoreFile)));
    }

    [Fact]
    public void AShortPasswordIsRefusedBeforeAnythingIsWritten()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "node");

        var error = Assert.Throws<NodeHomeException>(() => NodeHome.Initialize(path, Dundee, "short", Cheap));

        Assert.Contains("at least 8", error.Message);
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void TheEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth()
    {
        using var directory = new TemporaryDirectory();
        NodeHome.Initialize(directory.Path, Dundee, Password, Cheap);
        Environment.SetEnvironmentVariable("CONSORTIUM_Node__Advertise", "node.example.org:443");
        try
        {
            var fromEnvironment = NodeHome.Open(directory.Path).Settings;
            var fromCommandLine = NodeHome.Open(directory.Path, new Dictionary<string, string?> { ["Node:Advertise"] = "10.9.8.7:7000" }).Settings;

            Assert.Equal(new NodeEndpoint("node.example.org", 443), fromEnvironment.Advertise);
            Assert.Equal(new NodeEndpoint("10.9.8.7", 7000), fromCommandLine.Advertise);
            Assert.Equal(Dundee.Listen, fromCommandLine.Listen);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONSORTIUM_Node__Advertise", null);
        }
    }

    [Theory]
    [InlineData("Node:Listen", "7701", "Node:Listen: '7701' is not HOST:PORT")]
    [InlineData("Node:Role", "boss", "Node:Role: 'boss' is not a role")]
    [InlineData("Node:Name", "dundee a", "Node:Name: 'dundee a' is not a node name")]
    public void AMalformedSettingIsNamedWithItsKey(string key, string value, string problem)
    {
        using var directory = new TemporaryDirectory();
        NodeHome.Initialize(directory.Path, Dundee, Password, Cheap);

        var error = Assert.Throws<NodeHomeException>(() => NodeHome.Open(directory.Path, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AFolderWithoutANodeSaysHowToMakeOne()
    {
        using var directory = new TemporaryDirectory();

        var error = Assert.Throws<NodeHomeException>(() => NodeHome.Open(directory.Path));

        Assert.Contains("consortium init --home", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:7700", "127.0.0.1", 7700)]
    [InlineData("node.example.org:443", "node.example.org", 443)]
    [InlineData("[fd00::2]:7701", "fd00::2", 7701)]
    public void EndpointsReadAndWriteBack(string text, string host, int port)
    {
        var endpoint = NodeEndpoint.Parse(text);

        Assert.Equal(new NodeEndpoint(host, port), endpoint);
        Assert.Equal(text, endpoint.ToString());
    }

    [Theory]
    [InlineData("7700")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData(":7700")]
    [InlineData("fd00::2:7701")]
    public void WhatIsNotAnEndpointIsRefused(string text)
    {
        Assert.Throws<FormatException>(() => NodeEndpoint.Parse(text));
    }
}
