using Consortium.Contracts.Chain;
using Consortium.Network.SecureAggregation;
using Nethereum.Signer;

namespace Consortium.Node.Federation.SecureAggregation;

/// <summary>
/// A secure round's signatures made with members' chain keys: a member signs its round keys and the survivor set with
/// the key it holds on chain (an Ethereum personal-message signature), and checks the others' against the addresses of
/// the round's roster, as the registry lists them.
/// </summary>
/// <param name="roster">The round's members, by index.</param>
/// <param name="account">This member's key, or null for a party that only checks (the coordinator).</param>
public sealed class ChainRoundIdentity(IReadOnlyList<ChainAddress> roster, ChainAccount? account) : ISecureRoundIdentity
{
    private readonly EthereumMessageSigner _signer = new();

    /// <inheritdoc />
    public byte[] Sign(byte[] message)
    {
        var key = account ?? throw new InvalidOperationException("This party holds no member key to sign with.");
        return Convert.FromHexString(_signer.Sign(message, new EthECKey(key.PrivateKey))[2..]);
    }

    /// <inheritdoc />
    public bool Verifies(int member, byte[] message, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(roster);
        if (member < 0 || member >= roster.Count || signature is not { Length: 65 })
        {
            return false;
        }

        try
        {
            var recovered = _signer.EcRecover(message, "0x" + Convert.ToHexStringLower(signature));
            return ChainAddress.TryParse(recovered, out var address) && address == roster[member];
        }
        catch (Exception error) when (error is ArgumentException or ArithmeticException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }
}
