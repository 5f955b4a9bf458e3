using System.Numerics;
using Consortium.Contracts.Bindings;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Consortium.Contracts.Chain;

/// <summary>
/// One JSON-RPC endpoint, optionally with an account that signs transactions locally.
/// Each signing connection tracks its account's nonce in memory, so many transactions from the same
/// connection can be in flight at once; use one connection per account and share it between clients.
/// The <see cref="ChainConnectionOptions"/> set the chain id, the gas price policy and the confirmations awaited,
/// so the same code runs against anvil, geth or Hyperledger Besu.
/// </summary>
public sealed class ChainConnection
{
    private readonly Web3 _web3;
    private readonly Account? _account;
    private readonly InMemoryNonceService? _nonces;

    private ChainConnection(string rpcUrl, Web3 web3, Account? account, InMemoryNonceService? nonces, ChainConnectionOptions options)
    {
        RpcUrl = rpcUrl;
        _web3 = web3;
        _account = account;
        _nonces = nonces;
        Options = options;
        Account = account is null ? null : ChainAddress.Parse(account.Address);
    }

    /// <summary>The chain id, gas price policy and confirmations this connection uses.</summary>
    public ChainConnectionOptions Options { get; }

    /// <summary>The JSON-RPC endpoint, e.g. <c>http://127.0.0.1:8545</c>.</summary>
    public string RpcUrl { get; }

    /// <summary>The signing account's address, or <see langword="null"/> for a read-only connection.</summary>
    public ChainAddress? Account { get; }

    /// <summary>Whether this connection can send transactions.</summary>
    public bool CanSign => _account is not null;

    internal Web3 Web3 => _web3;

    /// <summary>Connects read-only: queries and event logs, no transactions (what an auditor needs).</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    public static ChainConnection ReadOnly(string rpcUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcUrl);
        return new ChainConnection(rpcUrl, new Web3(rpcUrl), null, null, ChainConnectionOptions.Default);
    }

    /// <summary>Connects with an account that signs transactions locally.</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    /// <param name="privateKey">The account's secp256k1 private key, 64 hex digits with or without 0x.</param>
    /// <param name="options">Chain id, gas price policy and confirmations; <see cref="ChainConnectionOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public static ChainConnection WithSigner(string rpcUrl, string privateKey, ChainConnectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKey);
        options ??= ChainConnectionOptions.Default;
        options.Validate();
        var account = options.ChainId is { } id ? new Account(privateKey, id) : new Account(privateKey);
        var web3 = new Web3(account, rpcUrl);
        var nonces = new InMemoryNonceService(account.Address, web3.Client);
        account.NonceService = nonces;
        web3.TransactionManager.UseLegacyAsDefault = options.GasPrice != GasPricePolicy.Eip1559;
        return new ChainConnection(rpcUrl, web3, account, nonces, options);
    }

    /// <summary>Connects with <paramref name="account"/> as the signer.</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    /// <param name="account">The signing account.</param>
    /// <param name="options">Chain id, gas price policy and confirmations; <see cref="ChainConnectionOptions.Default"/> when null.</param>
    public static ChainConnection WithSigner(string rpcUrl, ChainAccount account, ChainConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WithSigner(rpcUrl, account.PrivateKey, options);
    }

    /// <summary>The chain id the node reports (eth_chainId).</summary>
    public async Task<long> GetChainIdAsync()
    {
        var id = await TranslateRpcAsync(() => _web3.Eth.ChainId.SendRequestAsync()).ConfigureAwait(false);
        return (long)id.Value;
    }

    /// <summary>The number of the latest block.</summary>
    public async Task<ulong> GetBlockNumberAsync()
    {
        var number = await TranslateRpcAsync(() => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).ConfigureAwait(false);
        return (ulong)number.Value;
    }

    /// <summary>Gas used by the mined transaction <paramref name="transaction"/>, from its receipt.</summary>
    /// <param name="transaction">The transaction's hash.</param>
    /// <exception cref="LedgerException">The chain has no receipt for it (not mined, or unknown), or the call failed.</exception>
    public async Task<ulong> GetGasUsedAsync(Hash32 transaction)
    {
        var receipt = await TranslateRpcAsync(() => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction.ToString())).ConfigureAwait(false)
            ?? throw new LedgerException($"The chain has no receipt for transaction {transaction}.");
        return (ulong)receipt.GasUsed.Value;
    }

    /// <summary>The runtime bytecode at <paramref name="address"/>; empty for an account without code.</summary>
    /// <param name="address">A contract or account address.</param>
    public async Task<byte[]> GetCodeAsync(ChainAddress address)
    {
        var code = await TranslateRpcAsync(() => _web3.Eth.GetCode.SendRequestAsync(address.ToString())).ConfigureAwait(false);
        var hex = code is null || code.Length <= 2 ? string.Empty : code[2..];
        return Convert.FromHexString(hex);
    }

    /// <summary>Whether a contract is deployed at <paramref name="address"/>.</summary>
    /// <param name="address">The address to check.</param>
    public async Task<bool> HasCodeAsync(ChainAddress address) => (await GetCodeAsync(address).ConfigureAwait(false)).Length > 0;

    /// <summary>The ether balance of <paramref name="address"/>, in wei.</summary>
    /// <param name="address">The account.</param>
    public async Task<BigInteger> GetEtherBalanceAsync(ChainAddress address)
    {
        var balance = await TranslateRpcAsync(() => _web3.Eth.GetBalance.SendRequestAsync(address.ToString())).ConfigureAwait(false);
        return balance.Value;
    }

    /// <summary>Sends <paramref name="wei"/> from the signing account to <paramref name="to"/> and waits for it to be mined.</summary>
    /// <param name="to">The receiving account.</param>
    /// <param name="wei">The amount in wei.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    public async Task<LedgerTransaction> SendEtherAsync(ChainAddress to, BigInteger wei, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wei);
        var web3 = RequireSigner();
        var input = new TransactionInput
        {
            From = _account!.Address,
            To = to.ToString(),
            Value = new HexBigInteger(wei),
            GasPrice = Options.GasPrice == GasPricePolicy.Fixed ? new HexBigInteger(Options.FixedGasPriceWei) : null,
        };
        var receipt = await TranslateAsync(
            () => web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(input, cancellationToken)).ConfigureAwait(false);
        receipt = await ConfirmAsync(receipt, cancellationToken).ConfigureAwait(false);
        return await CheckReceiptAsync(receipt).ConfigureAwait(false);
    }

    /// <summary>
    /// Generates <paramref name="count"/> fresh accounts and sends each <paramref name="weiEach"/> from the signing account,
    /// so every node can sign with its own key. The transfers are sent concurrently.
    /// </summary>
    /// <param name="count">How many accounts.</param>
    /// <param name="weiEach">The ether each receives, in wei (10^18 wei = 1 ether).</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The funded accounts, with their private keys.</returns>
    public async Task<IReadOnlyList<ChainAccount>> CreateFundedAccountsAsync(int count, BigInteger weiEach, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var accounts = Enumerable.Range(0, count).Select(_ => ChainAccount.Generate()).ToArray();
        await Task.WhenAll(accounts.Select(account => SendEtherAsync(account.Address, weiEach, cancellationToken))).ConfigureAwait(false);
        return accounts;
    }

    internal async Task<(LedgerTransaction Transaction, TransactionReceipt Receipt)> SendAsync<TMessage>(
        ChainAddress contract, TMessage message, CancellationToken cancellationToken)
        where TMessage : FunctionMessage, new()
    {
        var handler = RequireSigner().Eth.GetContractTransactionHandler<TMessage>();
        ApplyGasPrice(message);
        var receipt = await TranslateAsync(
            () => handler.SendRequestAndWaitForReceiptAsync(contract.ToString(), message, cancellationToken)).ConfigureAwait(false);
        receipt = await ConfirmAsync(receipt, cancellationToken).ConfigureAwait(false);
        return (await CheckReceiptAsync(receipt).ConfigureAwait(false), receipt);
    }

    internal async Task<(ChainAddress Address, LedgerTransaction Transaction)> DeployAsync<TDeployment>(
        TDeployment deployment, CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        var handler = RequireSigner().Eth.GetContractDeploymentHandler<TDeployment>();
        ApplyGasPrice(deployment);
        var receipt = await TranslateAsync(
            () => handler.SendRequestAndWaitForReceiptAsync(deployment, cancellationToken)).ConfigureAwait(false);
        receipt = await ConfirmAsync(receipt, cancellationToken).ConfigureAwait(false);
        var transaction = await CheckReceiptAsync(receipt).ConfigureAwait(false);
        return (ChainAddress.FromChain(receipt.ContractAddress), transaction);
    }

    internal Task<TResult> QueryAsync<TMessage, TResult>(ChainAddress contract, TMessage message)
        where TMessage : FunctionMessage, new() =>
        TranslateAsync(() => _web3.Eth.GetContractQueryHandler<TMessage>().QueryAsync<TResult>(contract.ToString(), message));

    internal Task<TOutput> QueryOutputAsync<TMessage, TOutput>(ChainAddress contract, TMessage message)
        where TMessage : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new() =>
        TranslateAsync(() => _web3.Eth.GetContractQueryHandler<TMessage>().QueryDeserializingToObjectAsync<TOutput>(message, contract.ToString()));

    internal async Task<IReadOnlyList<EventLog<TEvent>>> GetEventsAsync<TEvent>(
        ChainAddress contract, Func<Event<TEvent>, NewFilterInput> filter)
        where TEvent : IEventDTO, new()
    {
        var handler = _web3.Eth.GetEvent<TEvent>(contract.ToString());
        return await TranslateAsync(() => handler.GetAllChangesAsync(filter(handler))).ConfigureAwait(false);
    }

    private void ApplyGasPrice(Nethereum.Contracts.CQS.ContractMessageBase message)
    {
        if (Options.GasPrice == GasPricePolicy.Fixed)
        {
            message.GasPrice = Options.FixedGasPriceWei;
        }
    }

    /// <summary>
    /// Waits until <see cref="ChainConnectionOptions.Confirmations"/> blocks contain or follow the receipt's block, then
    /// reads the receipt again: a transaction moved by a reorganisation is followed, one dropped is reported.
    /// </summary>
    private async Task<TransactionReceipt> ConfirmAsync(TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        if (Options.Confirmations <= 1)
        {
            return receipt;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConfirmationTimeout);
        try
        {
            while (true)
            {
                var latest = await GetBlockNumberAsync().ConfigureAwait(false);
                if (latest + 1 >= (ulong)receipt.BlockNumber.Value + (ulong)Options.Confirmations)
                {
                    var current = await TranslateRpcAsync(
                        () => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash)).ConfigureAwait(false)
                        ?? throw new LedgerException($"Transaction {receipt.TransactionHash} was dropped from the chain by a reorganisation.");
                    if (current.BlockHash == receipt.BlockHash)
                    {
                        return current;
                    }

                    receipt = current;
                    continue;
                }

                await Task.Delay(Options.ConfirmationPollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LedgerException(
                $"Transaction {receipt.TransactionHash} did not reach {Options.Confirmations} confirmations within {Options.ConfirmationTimeout}.");
        }
    }

    private Web3 RequireSigner() =>
        _account is null
            ? throw new InvalidOperationException("This connection is read-only; create it with ChainConnection.WithSigner to send transactions.")
            : _web3;

    private async Task<LedgerTransaction> CheckReceiptAsync(TransactionReceipt receipt)
    {
        var transaction = new LedgerTransaction(
            Hash32.FromHex(receipt.TransactionHash),
            (ulong)receipt.BlockNumber.Value,
            (ulong)receipt.GasUsed.Value);
        if (receipt.Status is null || receipt.Status.Value == 1)
        {
            return transaction;
        }

        // Mined but reverted (the estimate passed against an older state): replay it to learn why.
        string reason;
        try
        {
            reason = await _web3.Eth.GetContractTransactionErrorReason.SendRequestAsync(receipt.TransactionHash).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException revert)
        {
            throw RevertDecoder.Decode(revert.ExceptionEncodedData, revert);
        }
        catch (SmartContractRevertException revert)
        {
            throw RevertDecoder.Decode(revert.EncodedData, revert);
        }

        throw new LedgerRevertedException(
            "Reverted",
            string.IsNullOrEmpty(reason) ? [] : [new LedgerErrorArgument("reason", "string", reason)],
            "0x");
    }

    private async Task<T> TranslateAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException revert)
        {
            throw RevertDecoder.Decode(revert.ExceptionEncodedData, revert);
        }
        catch (SmartContractRevertException revert)
        {
            throw RevertDecoder.Decode(revert.EncodedData, revert);
        }
        catch (Exception failure) when (failure is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException)
        {
            // A failure after the nonce was taken would leave a gap that blocks every later transaction.
            await ResetNonceAsync().ConfigureAwait(false);
            if (failure is RpcResponseException { RpcError.Message: { } message } rpc && message.Contains("revert", StringComparison.OrdinalIgnoreCase))
            {
                // Nethereum decodes reverts of calls and transactions, not of deployments: the node still returns the data.
                throw rpc.RpcError.Data?.ToString() is { } data && data.StartsWith("0x", StringComparison.Ordinal)
                    ? RevertDecoder.Decode(data, failure)
                    : new LedgerRevertedException("Reverted", [new LedgerErrorArgument("reason", "string", message)], "0x", failure);
            }

            throw new LedgerException($"The JSON-RPC call to {RpcUrl} failed: {failure.Message}", failure);
        }
        catch (OperationCanceledException)
        {
            await ResetNonceAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<T> TranslateRpcAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException)
        {
            throw new LedgerException($"The JSON-RPC call failed: {failure.Message}", failure);
        }
    }

    private Task ResetNonceAsync() => _nonces?.ResetNonceAsync() ?? Task.CompletedTask;
}
