namespace Consortium.Network.SecureAggregation;

/// <summary>
/// A member's steps in a secure round, as the coordinator calls them (<see cref="SecureAggregationClient"/> does the
/// cryptography). A member that does not implement this takes part in plain rounds only.
/// </summary>
public interface ISecureAggregationHandler
{
    /// <summary>Step 1: the member's signed round keys, for a round whose contributors are <paramref name="roster"/>.</summary>
    Task<MaskAdvertisement> AdvertiseAsync(long round, IReadOnlyList<ChainAddress> roster, CancellationToken cancellationToken);

    /// <summary>Step 2: the member's shares for its neighbours, each encrypted to the neighbour.</summary>
    Task<IReadOnlyList<ShareEnvelope>> ShareKeysAsync(long round, IReadOnlyList<MaskAdvertisement> advertisements, CancellationToken cancellationToken);

    /// <summary>Step 3: the member's masked input (its clipped update's change, weighted, with its weight), and the encoding's range.</summary>
    Task<(MaskedInput Input, double Range)> MaskInputAsync(long round, IReadOnlyList<ShareEnvelope> envelopes, CancellationToken cancellationToken);

    /// <summary>Step 4: the member's signature over the survivors.</summary>
    Task<SurvivorSignature> ConfirmAsync(long round, IReadOnlyList<int> survivors, CancellationToken cancellationToken);

    /// <summary>Step 5: the shares that remove the masks.</summary>
    Task<UnmaskReply> UnmaskAsync(long round, UnmaskRequest request, CancellationToken cancellationToken);
}
