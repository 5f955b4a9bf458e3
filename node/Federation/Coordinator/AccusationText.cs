using System.Text;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>Turns what the coordinator saw about a malicious update into the evidence the round ledger takes.</summary>
public static class AccusationText
{
    /// <summary>
    /// The evidence for an update committed as <paramref name="committedHash"/>: the reason code read from the
    /// exclusion's detail, the detail cut to the ledger's limit on a character boundary, and the Keccak-256 of the full
    /// detail, which the coordinator keeps and shows on request.
    /// </summary>
    /// <param name="committedHash">The update hash the member committed on chain.</param>
    /// <param name="detail">What the coordinator observed.</param>
    public static AccusationEvidence Evidence(Hash32 committedHash, string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var code = detail.StartsWith(nameof(Fl.Validation.UpdateRejectionReason.NormAboveBound), StringComparison.Ordinal)
            ? AccusationReasonCodes.NormAboveBound
            : AccusationReasonCodes.CommitmentMismatch;
        return new AccusationEvidence(committedHash, code, Shorten(detail, AccusationEvidence.MaxStatementBytes), Keccak.Hash(Encoding.UTF8.GetBytes(detail)));
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxBytes">The limit.</param>
    public static string Shorten(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes - 3)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), "...");
    }
}
