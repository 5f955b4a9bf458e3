using System.Numerics;

namespace Consortium.Contracts.Chain;

/// <summary>
/// How a <see cref="ChainConnection"/> talks to its chain, so one node works against anvil, geth or Hyperledger Besu (QBFT):
/// the chain id it signs for, how it prices gas, and how many confirmations it waits for before a transaction counts.
/// </summary>
public sealed record ChainConnectionOptions
{
    /// <summary>The defaults: chain id read from the node, EIP-1559 pricing, one confirmation (the including block).</summary>
    public static ChainConnectionOptions Default { get; } = new();

    /// <summary>The chain id transactions are signed for; read from the node (<c>eth_chainId</c>) when null.</summary>
    public long? ChainId { get; init; }

    /// <summary>How transactions are priced.</summary>
    public GasPricePolicy GasPrice { get; init; } = GasPricePolicy.Eip1559;

    /// <summary>The gas price in wei under <see cref="GasPricePolicy.Fixed"/>; ignored otherwise.</summary>
    public BigInteger FixedGasPriceWei { get; init; }

    /// <summary>
    /// Blocks that must contain or follow a transaction before it counts: 1 returns as soon as it is mined; more waits for
    /// that many blocks in total and re-reads the receipt, so a transaction a reorganisation dropped is noticed.
    /// </summary>
    public int Confirmations { get; init; } = 1;

    /// <summary>How often the chain is polled while waiting for confirmations.</summary>
    public TimeSpan ConfirmationPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait for the confirmations before giving up with a <see cref="LedgerException"/>.</summary>
    public TimeSpan ConfirmationTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the options are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (ChainId is { } id)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(id, 1L, nameof(ChainId));
        }

        if (!Enum.IsDefined(GasPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(GasPrice), GasPrice, "Unknown gas price policy.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(FixedGasPriceWei, nameof(FixedGasPriceWei));
        ArgumentOutOfRangeException.ThrowIfLessThan(Confirmations, 1, nameof(Confirmations));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConfirmationPollInterval, TimeSpan.Zero, nameof(ConfirmationPollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConfirmationTimeout, TimeSpan.Zero, nameof(ConfirmationTimeout));
    }
}
