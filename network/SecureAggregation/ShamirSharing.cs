using System.Security.Cryptography;

namespace Consortium.Network.SecureAggregation;

/// <summary>
/// Shamir's t-of-n secret sharing (Shamir, "How to share a secret", 1979) over GF(2⁸), byte by byte: each byte of the
/// secret is the constant term of its own random polynomial of degree t − 1, and a share is the polynomials' values at
/// the share's point x (1 to 255). Any t shares give the secret back by Lagrange interpolation at 0; fewer give nothing
/// about it. The field is the AES field (x⁸ + x⁴ + x³ + x + 1).
/// </summary>
public static class ShamirSharing
{
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

#pragma warning disable CA1810 // The tables are computed once, before first use.
    static ShamirSharing()
    {
        var value = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)value;
            Log[value] = (byte)i;
            // Multiply by the generator 3: value·2 (reduced by the AES polynomial) xor value.
            var doubled = value << 1;
            if ((doubled & 0x100) != 0)
            {
                doubled ^= 0x11B;
            }

            value = doubled ^ value;
        }

        for (var i = 255; i < Exp.Length; i++)
        {
            Exp[i] = Exp[i - 255];
        }
    }
#pragma warning restore CA1810

    /// <summary>Splits <paramref name="secret"/> into one share per point of <paramref name="points"/>, any <paramref name="threshold"/> of which recover it.</summary>
    /// <exception cref="ArgumentException">The threshold is below 1 or above the number of points, or a point is 0 or repeated.</exception>
    public static IReadOnlyList<SecretShare> Split(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<byte> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (threshold < 1 || threshold > points.Count)
        {
            throw new ArgumentException($"A threshold of {threshold} cannot be met by {points.Count} shares.", nameof(threshold));
        }

        if (points.Any(p => p == 0) || points.Distinct().Count() != points.Count)
        {
            throw new ArgumentException("Share points must be distinct and non-zero.", nameof(points));
        }

        // coefficients[b * threshold + k]: the k-th coefficient of byte b's polynomial; k = 0 is the secret's byte.
        var coefficients = new byte[secret.Length * threshold];
        RandomNumberGenerator.Fill(coefficients);
        for (var b = 0; b < secret.Length; b++)
        {
            coefficients[b * threshold] = secret[b];
        }

        var shares = new SecretShare[points.Count];
        for (var s = 0; s < points.Count; s++)
        {
            var x = points[s];
            var value = new byte[secret.Length];
            for (var b = 0; b < secret.Length; b++)
            {
                // Horner's rule from the highest coefficient down.
                byte y = 0;
                for (var k = threshold - 1; k >= 0; k--)
                {
                    y = (byte)(Multiply(y, x) ^ coefficients[(b * threshold) + k]);
                }

                value[b] = y;
            }

            shares[s] = new SecretShare(x, value);
        }

        CryptographicOperations.ZeroMemory(coefficients);
        return shares;
    }

    /// <summary>The secret behind <paramref name="shares"/>, which must be at least the threshold in number and from distinct points.</summary>
    /// <exception cref="ArgumentException">No shares, shares of different lengths, or a point that is 0 or repeated.</exception>
    public static byte[] Combine(IReadOnlyList<SecretShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new ArgumentException("No share to combine.", nameof(shares));
        }

        var length = shares[0].Value.Length;
        if (shares.Any(s => s.Value.Length != length))
        {
            throw new ArgumentException("Shares of one secret have one length.", nameof(shares));
        }

        if (shares.Any(s => s.X == 0) || shares.Select(s => s.X).Distinct().Count() != shares.Count)
        {
            throw new ArgumentException("Share points must be distinct and non-zero.", nameof(shares));
        }

        // Lagrange basis at 0: ℓᵢ(0) = Π_{j≠i} xⱼ / (xⱼ − xᵢ); subtraction is xor in GF(2⁸).
        var basis = new byte[shares.Count];
        for (var i = 0; i < shares.Count; i++)
        {
            byte numerator = 1;
            byte denominator = 1;
            for (var j = 0; j < shares.Count; j++)
            {
                if (i != j)
                {
                    numerator = Multiply(numerator, shares[j].X);
                    denominator = Multiply(denominator, (byte)(shares[j].X ^ shares[i].X));
                }
            }

            basis[i] = Divide(numerator, denominator);
        }

        var secret = new byte[length];
        for (var b = 0; b < length; b++)
        {
            byte value = 0;
            for (var i = 0; i < shares.Count; i++)
            {
                value ^= Multiply(shares[i].Value[b], basis[i]);
            }

            secret[b] = value;
        }

        return secret;
    }

    private static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static byte Divide(byte a, byte b) => a == 0 ? (byte)0 : Exp[Log[a] + 255 - Log[b]];
}

/// <summary>One share of a secret: its point and the secret's polynomials' values there.</summary>
/// <param name="X">The share's point, 1 to 255.</param>
/// <param name="Value">One byte per byte of the secret.</param>
public sealed record SecretShare(byte X, byte[] Value);
