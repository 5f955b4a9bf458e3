using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Home;

/// <summary>
/// Founds a consortium (<c>consortium deploy</c>): the founder's node deploys the contracts with the founding members its
/// founders' cards name, paying with its own key, and writes the descriptor the founders hand to newcomers.
/// </summary>
public static class ConsortiumFounding
{
    /// <summary>The members the cards name, in their order; a grid party's card is not a member's.</summary>
    /// <exception cref="FormatException">A card is a grid party's, or two cards name the same address or name.</exception>
    public static IReadOnlyList<FoundingMember> Founders(IReadOnlyList<NodeCard> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var founders = cards.Select(card => new FoundingMember(card.Address, card.Name, card.Role switch
        {
            "operator" => MemberRole.Operator,
            "automaker" => MemberRole.Automaker,
            "auditor" => MemberRole.Auditor,
            "coordinator" => MemberRole.Coordinator,
            "grid" => throw new FormatException($"{card.Name} is a grid party: it signs requests but is not a member"),
            _ => throw new FormatException($"{card.Name}'s card gives the role '{card.Role}', which is not a member's"),
        })).ToList();
        if (founders.DistinctBy(f => f.Account).Count() != founders.Count || founders.DistinctBy(f => f.Name).Count() != founders.Count)
        {
            throw new FormatException("two founders' cards name the same address or the same name");
        }

        if (founders.Count(f => f.Role == MemberRole.Coordinator) != 1)
        {
            throw new FormatException($"a consortium is founded with exactly one coordinator; the cards name {founders.Count(f => f.Role == MemberRole.Coordinator)}");
        }

        return founders;
    }

    /// <summary>Deploys the contracts with <paramref name="setup"/>'s founders, signed by <paramref name="deployer"/>; returns the descriptor.</summary>
    public static async Task<ConsortiumDescriptor> DeployAsync(
        string rpcUrl, ChainAccount deployer, ChainConnectionOptions options, ConsortiumSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(setup);
        var connection = ChainConnection.WithSigner(rpcUrl, deployer, options);
        var chainId = await connection.GetChainIdAsync().ConfigureAwait(false);
        if (options.ChainId is { } expected && expected != chainId)
        {
            throw new InvalidOperationException($"{rpcUrl} serves chain {chainId}, not the chain {expected} asked for");
        }

        var (addresses, block) = await ConsortiumDeployment.DeployWithBlockAsync(connection, setup, cancellationToken).ConfigureAwait(false);
        return new ConsortiumDescriptor { ChainId = chainId, RpcUrl = rpcUrl, Contracts = addresses, DeploymentBlock = block };
    }
}
