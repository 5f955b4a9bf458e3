using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Typed access to the consortium's token (ERC-20 "Consortium Reward", CRT, 18 decimals): stakes and rewards.
/// The Nethereum implementation of <see cref="IRewardToken"/>.
/// </summary>
public sealed class RewardTokenClient : IRewardToken
{
    private readonly ChainConnection _connection;

    /// <summary>Binds to the token at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for <see cref="TransferAsync"/>.</param>
    /// <param name="address">The token's address.</param>
    public RewardTokenClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <inheritdoc />
    public ChainAddress Address { get; }


    /// <inheritdoc />
    public Task<BigInteger> BalanceOfAsync(ChainAddress account) =>
        _connection.QueryAsync<BalanceOfFunction, BigInteger>(Address, new BalanceOfFunction { Account = account.ToString() });

    /// <inheritdoc />
    public Task<BigInteger> TotalSupplyAsync() =>
        _connection.QueryAsync<TotalSupplyFunction, BigInteger>(Address, new TotalSupplyFunction());

    /// <inheritdoc />
    public Task<string> GetNameAsync() => _connection.QueryAsync<NameFunction, string>(Address, new NameFunction());

    /// <inheritdoc />
    public Task<string> GetSymbolAsync() => _connection.QueryAsync<SymbolFunction, string>(Address, new SymbolFunction());

    /// <inheritdoc />
    public Task<byte> GetDecimalsAsync() => _connection.QueryAsync<DecimalsFunction, byte>(Address, new DecimalsFunction());

    /// <inheritdoc />
    public async Task<ChainAddress> GetMinterAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MinterFunction, string>(Address, new MinterFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<BigInteger> AllowanceAsync(ChainAddress owner, ChainAddress spender) =>
        _connection.QueryAsync<AllowanceFunction, BigInteger>(Address, new AllowanceFunction { Owner = owner.ToString(), Spender = spender.ToString() });

    /// <inheritdoc />
    public async Task<LedgerTransaction> ApproveAsync(ChainAddress spender, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var message = new ApproveFunction { Spender = spender.ToString(), Value = amount };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> TransferAsync(ChainAddress to, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var message = new TransferFunction { To = to.ToString(), Value = amount };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }
}
