using System.Globalization;
using Consortium.Contracts.Chain;

namespace Consortium.Node.Hosting;

/// <summary>The command line of a member process a demo starts, for options that are objects in the demo.</summary>
public static class MemberArguments
{
    /// <summary>The same options as arguments for a member process.</summary>
    public static IEnumerable<string> Chain(ChainConnectionOptions options, long chainId)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return "--chain-id";
        yield return chainId.ToString(CultureInfo.InvariantCulture);
        yield return "--confirmations";
        yield return options.Confirmations.ToString(CultureInfo.InvariantCulture);
        yield return "--gas-price";
        yield return options.GasPrice switch
        {
            GasPricePolicy.Legacy => "legacy",
            GasPricePolicy.Fixed => options.FixedGasPriceWei.ToString(CultureInfo.InvariantCulture),
            _ => "eip1559",
        };
    }
}
