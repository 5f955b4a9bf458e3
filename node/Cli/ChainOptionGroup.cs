using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;

namespace Consortium.Node.Cli;

/// <summary>
/// The chain options every verb that sends transactions shares: <c>--chain-id ID</c>, <c>--gas-price eip1559|legacy|WEI</c>
/// and <c>--confirmations N</c> (their command-line form for a member process is <see cref="Hosting.MemberArguments.Chain"/>).
/// </summary>
public static class ChainOptionGroup
{
    /// <summary>New options making a <see cref="ChainConnectionOptions"/> (defaults: chain id from the node, EIP-1559 fees, one confirmation).</summary>
    public static OptionGroup<ChainConnectionOptions> Create()
    {
        var chainId = CliOption.Parsed<long?>(
            "--chain-id",
            "chain id to sign transactions for [default: read from the node]",
            null,
            text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new FormatException($"'{text}' is not a positive whole number"),
            "ID");
        var gasPrice = CliOption.Parsed(
            "--gas-price",
            "how transactions are priced: eip1559 fees, legacy gas price, or a fixed price in wei",
            new GasPrice(GasPricePolicy.Eip1559, BigInteger.Zero),
            text => text switch
            {
                "eip1559" => new GasPrice(GasPricePolicy.Eip1559, BigInteger.Zero),
                "legacy" => new GasPrice(GasPricePolicy.Legacy, BigInteger.Zero),
                _ when BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var wei) && wei > 0 =>
                    new GasPrice(GasPricePolicy.Fixed, wei),
                _ => throw new FormatException($"'{text}' is not eip1559, legacy or a price in wei"),
            },
            "eip1559|legacy|WEI");
        var confirmations = CliOption.Int("--confirmations", "blocks that must contain or follow a transaction before it counts", 1, 1, 1000);
        return new OptionGroup<ChainConnectionOptions>(
            [chainId, gasPrice, confirmations],
            result =>
            {
                var price = result.GetValue(gasPrice);
                return new ChainConnectionOptions
                {
                    ChainId = result.GetValue(chainId),
                    Confirmations = result.GetValue(confirmations),
                    GasPrice = price.Policy,
                    FixedGasPriceWei = price.Wei,
                };
            });
    }

    /// <summary>A <c>--gas-price</c> as typed: a policy, and the price under <see cref="GasPricePolicy.Fixed"/>.</summary>
    private readonly record struct GasPrice(GasPricePolicy Policy, BigInteger Wei)
    {
        public override string ToString() => Policy switch
        {
            GasPricePolicy.Legacy => "legacy",
            GasPricePolicy.Fixed => Wei.ToString(CultureInfo.InvariantCulture),
            _ => "eip1559",
        };
    }
}
