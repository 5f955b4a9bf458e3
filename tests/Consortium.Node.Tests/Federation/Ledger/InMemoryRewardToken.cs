using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Tests.Federation.Ledger;

/// <summary>The RewardToken contract (OpenZeppelin ERC-20, minted by the registry alone) in memory, as <paramref name="sender"/> sends to it.</summary>
internal sealed class InMemoryRewardToken(InMemoryChain chain, ChainAddress sender) : IRewardToken
{
    private const ulong ApproveGas = 46_000;
    private const ulong TransferGas = 52_000;

    /// <inheritdoc />
    public ChainAddress Address => chain.TokenAddress;

    /// <inheritdoc />
    public Task<BigInteger> BalanceOfAsync(ChainAddress account) => Read(() => chain.BalanceOf(account));

    /// <inheritdoc />
    public Task<BigInteger> TotalSupplyAsync() => Read(() => chain.TotalSupply);

    /// <inheritdoc />
    public Task<string> GetNameAsync() => Task.FromResult("Consortium Reward");

    /// <inheritdoc />
    public Task<string> GetSymbolAsync() => Task.FromResult("CRT");

    /// <inheritdoc />
    public Task<byte> GetDecimalsAsync() => Task.FromResult((byte)TokenAmount.Decimals);

    /// <inheritdoc />
    public Task<ChainAddress> GetMinterAsync() => Task.FromResult(chain.RegistryAddress);

    /// <inheritdoc />
    public Task<BigInteger> AllowanceAsync(ChainAddress owner, ChainAddress spender) => Read(() => chain.Allowances.GetValueOrDefault((owner, spender)));

    /// <inheritdoc />
    public Task<LedgerTransaction> ApproveAsync(ChainAddress spender, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        return Read(() =>
        {
            if (spender.IsZero)
            {
                throw InMemoryChain.Revert("ERC20InvalidSpender", ("spender", "address", spender));
            }

            var transaction = chain.Mine(ApproveGas);
            chain.Allowances[(sender, spender)] = amount;
            return transaction;
        });
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> TransferAsync(ChainAddress to, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        return Read(() =>
        {
            chain.RequireTransfer(sender, to, amount);
            var transaction = chain.Mine(TransferGas);
            chain.Transfer(sender, to, amount);
            return transaction;
        });
    }

    private Task<T> Read<T>(Func<T> query)
    {
        try
        {
            lock (chain.Gate)
            {
                return Task.FromResult(query());
            }
        }
        catch (LedgerException e)
        {
            return Task.FromException<T>(e);
        }
    }
}
