namespace Consortium.Node.GridParty;

/// <summary>What a receiver demands of a request beyond a well-formed document with a valid signature.</summary>
/// <param name="TrustedGridParties">The grid parties whose requests are accepted; <see langword="null"/> accepts any signer.</param>
/// <param name="Now">
/// The receiver's clock; when given, a request issued more than <paramref name="MaxClockSkew"/> in the future, or one whose
/// start has already passed, is refused. <see langword="null"/> skips these checks (for archived requests and tests).
/// </param>
/// <param name="MaxClockSkew">How far the grid party's clock may run ahead of the receiver's; five minutes when omitted.</param>
public sealed record FlexibilityRequestPolicy(
    IReadOnlySet<ChainAddress>? TrustedGridParties = null,
    DateTimeOffset? Now = null,
    TimeSpan? MaxClockSkew = null)
{
    /// <summary>Accepts any correctly signed request, whenever it was issued.</summary>
    public static FlexibilityRequestPolicy AnySigner { get; } = new();

    /// <summary>The skew allowed when <see cref="MaxClockSkew"/> is not given.</summary>
    public static TimeSpan DefaultClockSkew { get; } = TimeSpan.FromMinutes(5);
}
