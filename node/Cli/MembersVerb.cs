using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium members</c>: who is in the consortium, read from the chain (never from flags or files).</summary>
public static class MembersVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "members",
        "List the consortium's members from the chain: number, address, name, role, status, stake and the node endpoint and certificate each published.",
        new Arguments(string.Empty, null),
        Run)
    {
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "read through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var descriptor = await ConsortiumAccess.ReadDescriptorAsync(arguments.Consortium, cancellationToken).ConfigureAwait(false);
        var ledger = await ConsortiumAccess.ConnectAsync(descriptor, arguments.RpcUrl).ConfigureAwait(false);
        var registry = ledger.Registry;
        var chainId = descriptor.ChainId;
        var members = await registry.GetMembersAsync().ConfigureAwait(false);
        output.WriteLine($"{members.Count} members of the consortium at {descriptor.Contracts.Registry} (chain {chainId}):");
        output.WriteLine($"{"#",3}  {"address",-42}  {"name",-20}  {"role",-11}  {"status",-7}  {"stake",12}  node");
        foreach (var address in members)
        {
            var member = await registry.GetMemberAsync(address).ConfigureAwait(false);
            var name = await registry.GetMemberNameAsync(address).ConfigureAwait(false);
            var contact = await registry.GetNodeContactAsync(address).ConfigureAwait(false);
            var node = contact.IsPublished ? $"{contact.Endpoint} (certificate {contact.CertificateFingerprint.ToString()[..18]}...)" : "(no node published)";
            output.WriteLine($"{member.Number,3}  {address,-42}  {name,-20}  {member.Role.ToString().ToLowerInvariant(),-11}  {member.Status.ToString().ToLowerInvariant(),-7}  {TokenAmount.Format(member.Stake),12}  {node}");
        }

        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    public sealed record Arguments(string Consortium, string? RpcUrl);
}
