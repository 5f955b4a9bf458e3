using System.Globalization;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.Hosting;

/// <summary>What a test needs to start <c>consortium member</c> processes the way the demo does.</summary>
internal static class MemberNodeArguments
{
    /// <summary>The member verb's options for operator <paramref name="name"/> whose store is under <paramref name="dataDir"/>.</summary>
    public static IReadOnlyList<string> For(string name, string dataDir, string rpcUrl, long chainId, ConsortiumAddresses addresses) =>
    [
        "--name", name,
        "--data-dir", Path.GetDirectoryName(CouncilImport.StorePath(dataDir, name))!,
        "--rpc", rpcUrl,
        .. MemberArguments.Chain(new ChainConnectionOptions { GasPrice = GasPricePolicy.Legacy }, chainId),
        "--registry", addresses.Registry.ToString(),
        "--rounds", addresses.Rounds.ToString(),
        "--token", addresses.Token.ToString(),
        "--dispatch", addresses.Dispatch.ToString(),
        "--window-stride", 24.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The address the member process signs with: the key its store holds (created now if it has none yet).</summary>
    public static ChainAddress Identity(string dataDir, string name)
    {
        using var store = new NodeStore(CouncilImport.StorePath(dataDir, name));
        return ChainAccount.FromPrivateKey(store.GetOrCreateIdentity(name, () => ChainAccount.Generate().PrivateKey).PrivateKey).Address;
    }
}
