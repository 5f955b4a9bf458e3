using System.Numerics;
using System.Text;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The wear price of one battery chemistry: what a kWh discharged from such a pack costs its owner in lost life, in the
/// token's smallest unit. On chain the chemistry is a short ASCII label right-padded with zeros in a bytes32.
/// </summary>
/// <param name="Chemistry">The chemistry's label ("LFP", "NCM", "NCA", "NCM+NCA", ...): 1 to 32 printable ASCII characters.</param>
/// <param name="WeiPerKwh">The price per kWh discharged, below 2^128.</param>
public sealed record WearPrice(string Chemistry, BigInteger WeiPerKwh)
{
    /// <summary>The label as the ledger stores it.</summary>
    /// <exception cref="ArgumentException">The label is empty, longer than 32 characters or not printable ASCII.</exception>
    public static byte[] LabelBytes(string chemistry)
    {
        ArgumentNullException.ThrowIfNull(chemistry);
        if (chemistry.Length is 0 or > 32 || chemistry.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException($"A chemistry label is 1 to 32 printable ASCII characters without spaces, not \"{chemistry}\".", nameof(chemistry));
        }

        var bytes = new byte[32];
        Encoding.ASCII.GetBytes(chemistry, bytes);
        return bytes;
    }

    /// <summary>The label a bytes32 from the ledger holds.</summary>
    public static string Label(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var length = Array.IndexOf(bytes, (byte)0);
        return Encoding.ASCII.GetString(bytes, 0, length < 0 ? bytes.Length : length);
    }
}
