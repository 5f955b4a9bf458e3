using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Cli;

/// <summary><c>consortium members</c>: who is in the consortium, read from the chain (never from flags or files).</summary>
public static class MembersVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "members",
        "List the consortium's members from the chain: number, address, name, role, status and stake.",
        new Arguments(string.Empty, null),
        Run)
    {
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "read through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(arguments.Consortium))
        {
            throw new UsageException($"--consortium: {arguments.Consortium} does not exist");
        }

        ConsortiumDescriptor descriptor;
        try
        {
            descriptor = ConsortiumDescriptor.Parse(await File.ReadAllTextAsync(arguments.Consortium, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--consortium: {arguments.Consortium}: {e.Message}");
        }

        var rpcUrl = arguments.RpcUrl ?? descriptor.RpcUrl;
        var connection = ChainConnection.ReadOnly(rpcUrl);
        var chainId = await connection.GetChainIdAsync().ConfigureAwait(false);
        if (chainId != descriptor.ChainId)
        {
            throw new InvalidOperationException($"{rpcUrl} serves chain {chainId}, the consortium is on chain {descriptor.ChainId}");
        }

        var registry = new ConsortiumLedger(connection, descriptor.Contracts).Registry;
        var members = await registry.GetMembersAsync().ConfigureAwait(false);
        output.WriteLine($"{members.Count} members of the consortium at {descriptor.Contracts.Registry} (chain {chainId}):");
        output.WriteLine($"{"#",3}  {"address",-42}  {"name",-20}  {"role",-11}  {"status",-7}  stake");
        foreach (var address in members)
        {
            var member = await registry.GetMemberAsync(address).ConfigureAwait(false);
            var name = await registry.GetMemberNameAsync(address).ConfigureAwait(false);
            output.WriteLine($"{member.Number,3}  {address,-42}  {name,-20}  {member.Role.ToString().ToLowerInvariant(),-11}  {member.Status.ToString().ToLowerInvariant(),-7}  {TokenAmount.Format(member.Stake)}");
        }

        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    public sealed record Arguments(string Consortium, string? RpcUrl);
}
