using Nethereum.Signer;

namespace Consortium.Contracts.Chain;

/// <summary>
/// A secp256k1 key pair: the identity a node signs its ledger transactions with.
/// <see cref="ToString"/> shows only the address, so the key does not end up in logs.
/// </summary>
public sealed class ChainAccount
{
    private ChainAccount(string privateKey, ChainAddress address)
    {
        PrivateKey = privateKey;
        Address = address;
    }

    /// <summary>The private key, <c>0x</c> followed by 64 hex digits. Keep it secret.</summary>
    public string PrivateKey { get; }

    /// <summary>The account's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Generates a fresh key from a cryptographically secure random source.</summary>
    public static ChainAccount Generate()
    {
        var key = EthECKey.GenerateKey();
        return new ChainAccount("0x" + Convert.ToHexStringLower(key.GetPrivateKeyAsBytes()), ChainAddress.Parse(key.GetPublicAddress()));
    }

    /// <summary>Restores an account from its private key.</summary>
    /// <param name="privateKey">64 hex digits, with or without <c>0x</c>.</param>
    /// <exception cref="FormatException">The key is not 32 bytes of hex.</exception>
    public static ChainAccount FromPrivateKey(string privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var hex = privateKey.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? privateKey[2..] : privateKey;
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new FormatException("A private key is 64 hex digits.");
        }

        var key = new EthECKey(hex);
        return new ChainAccount("0x" + hex.ToLowerInvariant(), ChainAddress.Parse(key.GetPublicAddress()));
    }

    /// <summary>The address; never the key.</summary>
    public override string ToString() => Address.ToString();
}
