using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Home;

/// <summary>
/// Reaches a consortium from its descriptor (<c>consortium.json</c>): reads the file, connects to its chain and makes
/// sure the endpoint serves the chain the descriptor names before anything is read or signed.
/// </summary>
public static class ConsortiumAccess
{
    /// <summary>Reads and checks the descriptor at <paramref name="path"/>.</summary>
    /// <exception cref="NodeHomeException">The file is missing or is not a consortium descriptor; the message names what is wrong.</exception>
    public static async Task<ConsortiumDescriptor> ReadDescriptorAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new NodeHomeException($"the consortium descriptor {path} does not exist");
        }

        try
        {
            return ConsortiumDescriptor.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException e)
        {
            throw new NodeHomeException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// What a verb acting for <paramref name="home"/> needs: the consortium descriptor read from
    /// <paramref name="consortiumPath"/>, the node's password (from <paramref name="passwordFile"/> or the environment), the
    /// chain key it opens, and the consortium's contracts signing with that key through <paramref name="rpcUrl"/> (the
    /// descriptor's when null), after checking the endpoint serves the descriptor's chain.
    /// </summary>
    /// <exception cref="NodeHomeException">The descriptor is missing or malformed, there is no password, it does not open the key, or the endpoint serves another chain.</exception>
    public static async Task<ConsortiumSession> OpenAsync(
        NodeHome home, string consortiumPath, string? passwordFile, string? rpcUrl, ChainConnectionOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(home);
        var descriptor = await ReadDescriptorAsync(consortiumPath, cancellationToken).ConfigureAwait(false);
        var password = NodePassword.Read(passwordFile);
        var account = home.OpenAccount(password);
        var ledger = await ConnectAsync(descriptor, rpcUrl, account, options).ConfigureAwait(false);
        return new ConsortiumSession(password, account, descriptor, ledger);
    }

    /// <summary>
    /// Connects to the consortium's contracts through <paramref name="rpcUrl"/> (the descriptor's when null), signing with
    /// <paramref name="account"/> when given.
    /// </summary>
    /// <exception cref="NodeHomeException">The endpoint serves another chain than the descriptor's.</exception>
    public static async Task<ConsortiumLedger> ConnectAsync(
        ConsortiumDescriptor descriptor, string? rpcUrl = null, ChainAccount? account = null, ChainConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var url = rpcUrl ?? descriptor.RpcUrl;
        var connection = account is null ? ChainConnection.ReadOnly(url) : ChainConnection.WithSigner(url, account, options);
        var chainId = await connection.GetChainIdAsync().ConfigureAwait(false);
        if (chainId != descriptor.ChainId)
        {
            throw new NodeHomeException($"{url} serves chain {chainId}, the consortium is on chain {descriptor.ChainId}");
        }

        return new ConsortiumLedger(connection, descriptor.Contracts);
    }
}

/// <summary>A node's way into its consortium, as <see cref="ConsortiumAccess.OpenAsync"/> opened it.</summary>
/// <param name="Password">The node's password (it also opens the TLS key).</param>
/// <param name="Account">The node's chain key.</param>
/// <param name="Descriptor">The consortium descriptor.</param>
/// <param name="Ledger">The consortium's contracts, signing with <paramref name="Account"/>.</param>
public sealed record ConsortiumSession(string Password, ChainAccount Account, ConsortiumDescriptor Descriptor, ConsortiumLedger Ledger);
