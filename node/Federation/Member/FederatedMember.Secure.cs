using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Fl.Privacy;
using Consortium.Network.SecureAggregation;
using Microsoft.Extensions.Logging;

namespace Consortium.Node.Federation.Member;

/// <summary>The member's side of a secure round: its update leaves the node only masked, and only the sum is learned.</summary>
public sealed partial class FederatedMember : ISecureAggregationHandler
{
    /// <summary>Training windows that weigh 1 in a secure round's sum; a member's weight is its windows over this, at most 1.</summary>
    public const double WeightUnit = 65_536;

    private readonly Dictionary<long, SecureRound> _secureRounds = [];
    private readonly Lock _secureLock = new();

    /// <summary>
    /// Signs this member's secure-round messages and checks the others' for a roster, with the member's chain key; without
    /// it the member takes part in plain rounds only.
    /// </summary>
    public Func<IReadOnlyList<ChainAddress>, ISecureRoundIdentity>? SecureIdentity { get; init; }

    /// <summary>
    /// The range of a secure round's encoding for a clip norm: each coordinate of a clipped change, and each weight, fits it;
    /// with distributed DP (<paramref name="dpNoiseMultiplier"/> above 0) also the member's noise share, out to
    /// <see cref="DistributedNoiseOptions.RangeTail"/> of its standard deviations.
    /// </summary>
    public static double SecureRange(double clipNorm, double dpNoiseMultiplier = 0, int dpMinMembers = 0) =>
        dpNoiseMultiplier > 0 ? new DistributedNoiseOptions(clipNorm, dpNoiseMultiplier, dpMinMembers).EncodingRange : Math.Max(clipNorm, 1.0);

    /// <inheritdoc />
    public async Task<MaskAdvertisement> AdvertiseAsync(long round, IReadOnlyList<ChainAddress> roster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var identity = SecureIdentity ?? throw new InvalidOperationException($"{_name} holds no key to sign secure rounds with; it takes part in plain rounds only.");
        var state = await _rounds.GetRoundAsync((ulong)round).ConfigureAwait(false);
        if (state.Status != RoundStatus.Open)
        {
            throw new InvalidOperationException($"Round {round} is {state.Status} on chain; {_name} masks inputs only for an open round.");
        }

        var record = _store.GetMemberRound(round);
        if (record is not { Secure: true })
        {
            throw new SecureAggregationException(record is null
                ? $"{_name} committed no update in round {round}"
                : $"{_name} trained round {round} in the clear; it takes part in secure aggregation only for a round it trained secure");
        }

        if (roster.Distinct().Count() != roster.Count || roster.Count < 3)
        {
            throw new SecureAggregationException($"a secure round's roster names at least three distinct members; this one names {roster.Count}");
        }

        if (record.DpNoiseMultiplier > 0 && roster.Count < record.DpMinMembers)
        {
            throw new SecureAggregationException($"the roster of round {round} names {roster.Count} members, fewer than the m_min = {record.DpMinMembers} whose noise shares the round's DP needs");
        }

        var self = roster.ToList().IndexOf(Address);
        if (self < 0)
        {
            throw new SecureAggregationException($"the roster of round {round} does not name {_name} ({Address})");
        }

        // Everyone in the sum committed an update in this round, on chain: the coordinator cannot pad the roster.
        foreach (var member in roster)
        {
            if (!(await _rounds.GetCommitmentAsync((ulong)round, member).ConfigureAwait(false)).IsCommitted)
            {
                throw new SecureAggregationException($"{member} is on the roster of round {round} but committed no update in it");
            }
        }

        // The graph's order comes from the round's opening model hash: fixed on chain before anyone trained.
        var graph = NeighbourGraph.Create(roster.Count, state.GlobalModelHash.ToArray());
        var client = new SecureAggregationClient(self, graph, round, identity(roster));
        lock (_secureLock)
        {
            var noise = record.DpNoiseMultiplier > 0 ? new DistributedNoiseOptions(record.ClipNorm, record.DpNoiseMultiplier, record.DpMinMembers) : null;
            if (!_secureRounds.TryAdd(round, new SecureRound(client, roster.Count, record.ClipNorm, noise)))
            {
                throw new SecureAggregationException($"{_name} already advertised keys for round {round}");
            }
        }

        _logger.LogInformation("Round {Round}: secure aggregation among {Members} members, {Degree} neighbours each, shares {Threshold}-of-{Neighbours}", round, roster.Count, graph.Degree, graph.Threshold, graph.Degree);
        return client.Advertise();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ShareEnvelope>> ShareKeysAsync(long round, IReadOnlyList<MaskAdvertisement> advertisements, CancellationToken cancellationToken) =>
        Task.FromResult(Secure(round).Client.ShareKeys(advertisements));

    /// <inheritdoc />
    public Task<(MaskedInput Input, double Range)> MaskInputAsync(long round, IReadOnlyList<ShareEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var secure = Secure(round);
        var record = _store.GetMemberRound(round)!;
        var global = ModelCheckpoint.FromBytes(_store.GetArtifact(record.GlobalModelHash)!);
        var update = ModelCheckpoint.FromBytes(_store.GetArtifact(record.UpdateHash)!);

        // The input is the change times the member's weight, then the weight: the sum gives the weighted mean change. With
        // distributed DP every weight is 1 (the noise is calibrated to a change of norm C, not to a fraction of it), and the
        // change gets this member's share of the noise before it is encoded.
        var weight = secure.Noise is null ? Math.Min(1.0, record.TrainSamples / WeightUnit) : 1.0;
        var input = new float[global.Parameters.Length + 1];
        for (var i = 0; i < global.Parameters.Length; i++)
        {
            input[i] = (float)(weight * (update.Parameters[i] - global.Parameters[i]));
        }

        if (secure.Noise is { } noise)
        {
            DistributedNoise.AddShare(input.AsSpan(0, global.Parameters.Length), noise);
        }

        input[^1] = (float)weight;
        var range = secure.Noise?.EncodingRange ?? SecureRange(secure.ClipNorm);
        var words = new uint[input.Length];
        var clipped = new FixedPointEncoding(range, secure.Members).Encode(input, words);
        if (clipped > 0)
        {
            _logger.LogWarning("Round {Round}: {Clipped} noisy coordinates fell outside the encoding range ±{Range} and were clipped", round, clipped, range);
        }

        var masked = secure.Client.MaskInput(words, envelopes);
        _logger.LogInformation("Round {Round}: sent the masked update ({Words} words, weight {Weight:F4})", round, words.Length, weight);
        return Task.FromResult((masked, range));
    }

    /// <inheritdoc />
    public Task<SurvivorSignature> ConfirmAsync(long round, IReadOnlyList<int> survivors, CancellationToken cancellationToken) =>
        Task.FromResult(Secure(round).Client.ConfirmSurvivors(survivors));

    /// <inheritdoc />
    public Task<UnmaskReply> UnmaskAsync(long round, UnmaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secure = Secure(round);
        if (secure.Noise is { } noise && request.Survivors.Count < noise.MinimumMembers)
        {
            // A smaller sum carries less noise than the guarantee needs: no share of this member's helps to unmask it.
            throw new SecureAggregationException($"the sum of round {round} would hold {request.Survivors.Count} inputs, fewer than the m_min = {noise.MinimumMembers} the round's DP needs; no shares are revealed");
        }

        var reply = secure.Client.Unmask(request);
        _logger.LogInformation(
            "Round {Round}: revealed {Seeds} self-mask seed shares and {Keys} mask key shares ({Dropped} dropped)",
            round, reply.Shares.Count(s => s.Kind == ShareKind.SelfMaskSeed), reply.Shares.Count(s => s.Kind == ShareKind.MaskKey), request.Dropped.Count);
        return Task.FromResult(reply);
    }

    /// <summary>The update with its change to the global model scaled down to at most <paramref name="clipNorm"/> in L2.</summary>
    private static float[] ClipChange(float[] global, float[] update, double clipNorm)
    {
        double squares = 0;
        for (var i = 0; i < global.Length; i++)
        {
            var change = (double)update[i] - global[i];
            squares += change * change;
        }

        var norm = Math.Sqrt(squares);
        if (norm <= clipNorm)
        {
            return update;
        }

        var factor = clipNorm / norm;
        var clipped = new float[global.Length];
        for (var i = 0; i < global.Length; i++)
        {
            clipped[i] = (float)(global[i] + (factor * ((double)update[i] - global[i])));
        }

        return clipped;
    }

    private SecureRound Secure(long round)
    {
        lock (_secureLock)
        {
            return _secureRounds.TryGetValue(round, out var secure)
                ? secure
                : throw new SecureAggregationException($"{_name} has not advertised keys for round {round}");
        }
    }

    private sealed record SecureRound(SecureAggregationClient Client, int Members, double ClipNorm, DistributedNoiseOptions? Noise);
}
