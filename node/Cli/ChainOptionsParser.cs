using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;

namespace Consortium.Node.Cli;

/// <summary>
/// The chain options every verb that sends transactions shares: <c>--chain-id</c>,
/// <c>--gas-price eip1559|legacy|WEI</c> and <c>--confirmations N</c> (their command-line form for a member process
/// is <see cref="Hosting.MemberArguments.Chain"/>).
/// </summary>
public static class ChainOptionsParser
{
    /// <summary>Reads the options (defaults: chain id from the node, EIP-1559 fees, one confirmation).</summary>
    public static ChainConnectionOptions Parse(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var chainId = line.Text("chain-id");
        var gas = line.Text("gas-price") ?? "eip1559";
        var options = new ChainConnectionOptions
        {
            ChainId = chainId is null ? null : long.TryParse(chainId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new UsageException($"option --chain-id must be a positive whole number, got '{chainId}'"),
            Confirmations = line.Int("confirmations", 1, 1, 1000),
        };
        options = gas switch
        {
            "eip1559" => options with { GasPrice = GasPricePolicy.Eip1559 },
            "legacy" => options with { GasPrice = GasPricePolicy.Legacy },
            _ when BigInteger.TryParse(gas, NumberStyles.None, CultureInfo.InvariantCulture, out var wei) && wei > 0 =>
                options with { GasPrice = GasPricePolicy.Fixed, FixedGasPriceWei = wei },
            _ => throw new UsageException($"option --gas-price must be eip1559, legacy or a price in wei, got '{gas}'"),
        };
        return options;
    }
}
