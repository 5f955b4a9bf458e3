namespace Consortium.Node.GridParty;

/// <summary>
/// A flexibility request was refused: the document is malformed, a field is missing, unknown or out of range,
/// the signature does not recover to the grid party, or the grid party is not trusted.
/// <see cref="Field"/> names the JSON field at fault; the message names it too.
/// </summary>
public sealed class FlexibilityRequestException : Exception
{
    /// <summary>The name used for faults of the document as a whole (not JSON, not an object, too large).</summary>
    public const string DocumentField = "(document)";

    /// <summary>Creates the exception; the message becomes "<paramref name="field"/>: <paramref name="problem"/>".</summary>
    /// <param name="field">The JSON field at fault, or <see cref="DocumentField"/>.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="inner">The error that revealed the problem, if any.</param>
    public FlexibilityRequestException(string field, string problem, Exception? inner = null)
        : base($"{field}: {problem}", inner)
    {
        Field = field;
    }

    /// <summary>The JSON field at fault (for example <c>targetKw</c> or <c>signature</c>), or <see cref="DocumentField"/>.</summary>
    public string Field { get; }
}
