using System.Text.Json;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;

namespace Consortium.Contracts.Chain;

/// <summary>
/// A <see cref="ChainAccount"/> at rest: a Web3 Secret Storage (version 3) keystore, the key encrypted with AES-128-CTR
/// under a scrypt-derived key, the format geth, Besu and wallets read. The address is kept in clear, so a node can say who
/// it is without its password.
/// </summary>
public static class ChainKeystore
{
    /// <summary>Scrypt's cost as geth writes keystores (N = 2^18, r = 8, p = 1): about a second and 256 MB to open.</summary>
    public static ScryptCost Standard { get; } = new(262_144, 8, 1);

    /// <summary>Encrypts <paramref name="account"/> under <paramref name="password"/>; returns the keystore's JSON.</summary>
    /// <param name="account">The key to keep.</param>
    /// <param name="password">The password; not empty.</param>
    /// <param name="cost">Scrypt's cost; <see cref="Standard"/> unless given.</param>
    public static string Encrypt(ChainAccount account, string password, ScryptCost? cost = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var (n, r, p) = cost ?? Standard;
        var key = Convert.FromHexString(account.PrivateKey[2..]);
        try
        {
            return new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(
                password, key, account.Address.ToString(), new ScryptParams { Dklen = 32, N = n, R = r, P = p });
        }
        finally
        {
            Array.Clear(key);
        }
    }

    /// <summary>Opens a keystore with its password.</summary>
    /// <param name="json">The keystore's JSON.</param>
    /// <param name="password">The password it was encrypted under.</param>
    /// <exception cref="ChainKeystoreException">The JSON is not a scrypt keystore, or the password does not open it.</exception>
    public static ChainAccount Decrypt(string json, string password)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(password);
        byte[] key;
        try
        {
            key = new KeyStoreScryptService().DecryptKeyStoreFromJson(password, json);
        }
        catch (DecryptionException)
        {
            throw new ChainKeystoreException("the password does not open the keystore");
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new ChainKeystoreException($"the keystore is not a Web3 Secret Storage scrypt keystore: {e.Message}");
        }

        try
        {
            var account = ChainAccount.FromPrivateKey(Convert.ToHexStringLower(key));
            if (AddressOf(json) != account.Address)
            {
                throw new ChainKeystoreException($"the keystore says it holds {AddressOf(json)} but its key is {account.Address}'s");
            }

            return account;
        }
        finally
        {
            Array.Clear(key);
        }
    }

    /// <summary>The address a keystore holds the key of, read without its password.</summary>
    /// <exception cref="ChainKeystoreException">The JSON names no address.</exception>
    public static ChainAddress AddressOf(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var text = document.RootElement.GetProperty("address").GetString();
            return ChainAddress.TryParse(text is null || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text : "0x" + text, out var address)
                ? address
                : throw new ChainKeystoreException($"the keystore's address '{text}' is not an address");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ChainKeystoreException($"the keystore names no address: {e.Message}");
        }
    }
}
