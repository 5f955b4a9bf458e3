namespace Consortium.Contracts.Chain;

/// <summary>How a signing <see cref="ChainConnection"/> prices its transactions.</summary>
public enum GasPricePolicy
{
    /// <summary>EIP-1559 (type 2) transactions with fees suggested from the node's base fee: anvil, geth, Besu with a London fork.</summary>
    Eip1559 = 0,

    /// <summary>Legacy (type 0) transactions at the node's <c>eth_gasPrice</c>: chains without a base fee.</summary>
    Legacy = 1,

    /// <summary>Legacy transactions at <see cref="ChainConnectionOptions.FixedGasPriceWei"/>, e.g. zero on a free-gas Besu QBFT network.</summary>
    Fixed = 2,
}
