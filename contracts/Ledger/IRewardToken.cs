using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The consortium's token (ERC-20 "Consortium Reward", CRT, <see cref="TokenAmount.Decimals"/> decimals) as the node
/// sees it: balances, allowances and transfers. <see cref="RewardTokenClient"/> implements it over Nethereum.
/// </summary>
public interface IRewardToken
{
    /// <summary>The token's address.</summary>
    ChainAddress Address { get; }

    /// <summary>The balance of <paramref name="account"/>, in the token's smallest unit.</summary>
    /// <param name="account">The account.</param>
    Task<BigInteger> BalanceOfAsync(ChainAddress account);

    /// <summary>All tokens minted so far, in the token's smallest unit.</summary>
    Task<BigInteger> TotalSupplyAsync();

    /// <summary>The token's name, "Consortium Reward".</summary>
    Task<string> GetNameAsync();

    /// <summary>The token's symbol, "CRT".</summary>
    Task<string> GetSymbolAsync();

    /// <summary>The decimals the contract reports.</summary>
    Task<byte> GetDecimalsAsync();

    /// <summary>The only account allowed to mint: the member registry.</summary>
    Task<ChainAddress> GetMinterAsync();

    /// <summary>The tokens <paramref name="spender"/> may still take from <paramref name="owner"/>.</summary>
    /// <param name="owner">The holder.</param>
    /// <param name="spender">The account allowed to spend.</param>
    Task<BigInteger> AllowanceAsync(ChainAddress owner, ChainAddress spender);

    /// <summary>Allows <paramref name="spender"/> to take up to <paramref name="amount"/> of the signer's tokens.</summary>
    /// <param name="spender">The account allowed to spend, e.g. the registry before a stake is posted.</param>
    /// <param name="amount">The allowance in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    Task<LedgerTransaction> ApproveAsync(ChainAddress spender, BigInteger amount, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="amount"/> of the signer's tokens to <paramref name="to"/>.</summary>
    /// <param name="to">The receiving account.</param>
    /// <param name="amount">The amount in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>ERC20InsufficientBalance</c>, <c>ERC20InvalidReceiver</c>.</exception>
    Task<LedgerTransaction> TransferAsync(ChainAddress to, BigInteger amount, CancellationToken cancellationToken = default);
}
