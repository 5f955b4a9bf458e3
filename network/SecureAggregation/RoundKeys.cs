using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Consortium.Network.SecureAggregation;

/// <summary>
/// A member's two X25519 key pairs for one secure round (BouncyCastle): one agrees the keys that encrypt the shares it
/// exchanges with its neighbours, the other the seeds of its pairwise masks. Fresh for every round, so that recovering
/// a dropped member's mask key (which the protocol does) reveals nothing of any other round.
/// </summary>
public sealed class RoundKeys
{
    /// <summary>Bytes of an X25519 public or private key.</summary>
    public const int KeyBytes = 32;

    private RoundKeys(byte[] encryptionPrivate, byte[] maskPrivate)
    {
        EncryptionPrivate = encryptionPrivate;
        MaskPrivate = maskPrivate;
        EncryptionPublic = PublicOf(encryptionPrivate);
        MaskPublic = PublicOf(maskPrivate);
    }

    /// <summary>The public key that share encryption is agreed with.</summary>
    public byte[] EncryptionPublic { get; }

    /// <summary>The public key that pairwise mask seeds are agreed with.</summary>
    public byte[] MaskPublic { get; }

    /// <summary>The private key of share encryption.</summary>
    internal byte[] EncryptionPrivate { get; }

    /// <summary>The private key of the pairwise masks: the secret neighbours hold shares of, in case this member drops.</summary>
    internal byte[] MaskPrivate { get; }

    /// <summary>Two new key pairs from the system's random generator.</summary>
    public static RoundKeys Generate()
    {
        var random = new SecureRandom();
        return new RoundKeys(NewPrivate(random), NewPrivate(random));
    }

    /// <summary>The X25519 shared secret of <paramref name="privateKey"/> and <paramref name="publicKey"/>, expanded by HKDF-SHA256 with <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes, or the public key is a low-order point.</exception>
    public static byte[] Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, string context)
    {
        if (privateKey.Length != KeyBytes || publicKey.Length != KeyBytes)
        {
            throw new ArgumentException($"X25519 keys are {KeyBytes} bytes.", nameof(publicKey));
        }

        var agreement = new X25519Agreement();
        agreement.Init(new X25519PrivateKeyParameters(privateKey.ToArray()));
        var shared = new byte[agreement.AgreementSize];
        try
        {
            agreement.CalculateAgreement(new X25519PublicKeyParameters(publicKey.ToArray()), shared, 0);
        }
        catch (InvalidOperationException e)
        {
            // BouncyCastle refuses an all-zero result: the peer sent a low-order point.
            throw new ArgumentException("The peer's X25519 public key is a low-order point.", nameof(publicKey), e);
        }

        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt: null, info: Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(shared);
        return key;
    }

    /// <summary>The public key of an X25519 private key.</summary>
    internal static byte[] PublicOf(byte[] privateKey) => new X25519PrivateKeyParameters(privateKey).GeneratePublicKey().GetEncoded();

    private static byte[] NewPrivate(SecureRandom random)
    {
        var key = new X25519PrivateKeyParameters(random);
        return key.GetEncoded();
    }
}
