using Consortium.Network.Federation;
using Consortium.Network.Security;
using Consortium.Node.Home;
using Grpc.Core;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium probe</c>: asks a member's node who it is, presenting this node's certificate over mutual TLS and
/// accepting the peer only with the certificate the chain says is its own. Says whether the call was accepted, or the
/// status and reason of the refusal; exits 0 when accepted, 1 when refused or unreachable.
/// </summary>
public static class ProbeVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "probe",
        "Check that a member's node answers this node: call it over mutual TLS with this node's certificate, pinned to the certificate the member published on chain, and print its answer or the reason it refused.",
        new Arguments(string.Empty, string.Empty, null, false, null, null),
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder (its certificate is presented)", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Address("--member", "the member whose node to call, at the endpoint it published", required: true), (a, v) => a with { Member = v } },
        { CliOption.Flag("--plaintext", "call without TLS, as a misconfigured or hostile peer would (expected to fail)"), (a, v) => a with { Plaintext = v } },
        { CliOption.Url("--rpc", "read the chain through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var home = NodeHome.Open(arguments.Home);
        var descriptor = await ConsortiumAccess.ReadDescriptorAsync(arguments.Consortium, cancellationToken).ConfigureAwait(false);
        var ledger = await ConsortiumAccess.ConnectAsync(descriptor, arguments.RpcUrl).ConfigureAwait(false);
        var member = arguments.Member!.Value;
        var contact = await ledger.Registry.GetNodeContactAsync(member).ConfigureAwait(false);
        if (!contact.IsPublished)
        {
            throw new NodeHomeException($"{member} has published no node endpoint and certificate");
        }

        using var certificate = home.OpenCertificate(NodePassword.Read(arguments.PasswordFile));
        using var client = arguments.Plaintext
            ? new FederatedMemberClient(new Uri($"http://{contact.Endpoint}"))
            : new FederatedMemberClient(new Uri($"https://{contact.Endpoint}"), new PeerCredentials(certificate, contact.CertificateFingerprint));
        try
        {
            var profile = await client.DescribeAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"ACCEPTED {contact.Endpoint}: {profile.Name} ({profile.Address}), {profile.Sites.Count} sites");
            return 0;
        }
        catch (RpcException e)
        {
            output.WriteLine($"REFUSED {contact.Endpoint}: {e.StatusCode} {e.Status.Detail}");
            return 1;
        }
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Member">The member to call.</param>
    /// <param name="Plaintext">Call without TLS.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    public sealed record Arguments(string Home, string Consortium, ChainAddress? Member, bool Plaintext, string? RpcUrl, string? PasswordFile);
}
