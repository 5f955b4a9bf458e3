using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Ledger;

/// <summary>Typed access to the consortium's token (ERC-20 "Consortium Reward", CRT, 18 decimals): stakes and rewards.</summary>
public sealed class RewardTokenClient
{
    /// <summary>The token's decimals: amounts are in units of 10^-18 CRT.</summary>
    public const int Decimals = 18;

    private readonly ChainConnection _connection;

    /// <summary>Binds to the token at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for <see cref="TransferAsync"/>.</param>
    /// <param name="address">The token's address.</param>
    public RewardTokenClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <summary>The token's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Converts tokens to the token's smallest unit, e.g. 1.5 CRT to 1.5e18; digits past the 18th decimal are dropped.</summary>
    /// <param name="tokens">An amount of CRT.</param>
    public static BigInteger ToUnits(decimal tokens)
    {
        var whole = decimal.Truncate(tokens);
        var fraction = decimal.Truncate((tokens - whole) * 1_000_000_000_000_000_000m);
        return (new BigInteger(whole) * BigInteger.Pow(10, Decimals)) + new BigInteger(fraction);
    }

    /// <summary>The balance of <paramref name="account"/>, in the token's smallest unit.</summary>
    /// <param name="account">The account.</param>
    public Task<BigInteger> BalanceOfAsync(ChainAddress account) =>
        _connection.QueryAsync<BalanceOfFunction, BigInteger>(Address, new BalanceOfFunction { Account = account.ToString() });

    /// <summary>All tokens minted so far, in the token's smallest unit.</summary>
    public Task<BigInteger> TotalSupplyAsync() =>
        _connection.QueryAsync<TotalSupplyFunction, BigInteger>(Address, new TotalSupplyFunction());

    /// <summary>The token's name, "Consortium Reward".</summary>
    public Task<string> GetNameAsync() => _connection.QueryAsync<NameFunction, string>(Address, new NameFunction());

    /// <summary>The token's symbol, "CRT".</summary>
    public Task<string> GetSymbolAsync() => _connection.QueryAsync<SymbolFunction, string>(Address, new SymbolFunction());

    /// <summary>The decimals the contract reports.</summary>
    public Task<byte> GetDecimalsAsync() => _connection.QueryAsync<DecimalsFunction, byte>(Address, new DecimalsFunction());

    /// <summary>The only account allowed to mint: the member registry.</summary>
    public async Task<ChainAddress> GetMinterAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MinterFunction, string>(Address, new MinterFunction()).ConfigureAwait(false));

    /// <summary>The tokens <paramref name="spender"/> may still take from <paramref name="owner"/>.</summary>
    /// <param name="owner">The holder.</param>
    /// <param name="spender">The account allowed to spend.</param>
    public Task<BigInteger> AllowanceAsync(ChainAddress owner, ChainAddress spender) =>
        _connection.QueryAsync<AllowanceFunction, BigInteger>(Address, new AllowanceFunction { Owner = owner.ToString(), Spender = spender.ToString() });

    /// <summary>Allows <paramref name="spender"/> to take up to <paramref name="amount"/> of the signer's tokens.</summary>
    /// <param name="spender">The account allowed to spend, e.g. the registry before a stake is posted.</param>
    /// <param name="amount">The allowance in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    public async Task<LedgerTransaction> ApproveAsync(ChainAddress spender, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var message = new ApproveFunction { Spender = spender.ToString(), Value = amount };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>Sends <paramref name="amount"/> of the signer's tokens to <paramref name="to"/>.</summary>
    /// <param name="to">The receiving account.</param>
    /// <param name="amount">The amount in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>ERC20InsufficientBalance</c>, <c>ERC20InvalidReceiver</c>.</exception>
    public async Task<LedgerTransaction> TransferAsync(ChainAddress to, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var message = new TransferFunction { To = to.ToString(), Value = amount };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }
}
