using Consortium.Network.Protos;
using Consortium.Network.SecureAggregation;
using Consortium.Network.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Consortium.Network.Federation;

/// <summary>
/// The coordinator's connection to one member node. Replies are checked before they are trusted:
/// an update whose bytes do not hash to the hash the member claims is refused.
/// </summary>
public sealed class FederatedMemberClient : IDisposable
{
    /// <summary>Largest message accepted either way (models are well below this).</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    private readonly GrpcChannel _channel;
    private readonly FederatedMember.FederatedMemberClient _client;

    /// <summary>
    /// Connects to a member at <paramref name="endpoint"/>: <c>https://host:port</c> over mutual TLS with
    /// <paramref name="credentials"/>, or <c>http://127.0.0.1:port</c> for a loopback child without.
    /// </summary>
    public FederatedMemberClient(Uri endpoint, PeerCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _channel = PeerChannels.Create(endpoint, credentials, MaxMessageBytes);
        _client = new FederatedMember.FederatedMemberClient(_channel.Intercept(new TransportFailures()));
    }

    /// <summary>The member's address.</summary>
    public Uri Endpoint { get; }

    /// <summary>Asks the member who it is.</summary>
    public Task<MemberProfile> DescribeAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => DescribeAsync(timeout, 0, cancellationToken);

    /// <summary>
    /// Asks the member who it is in federated task <paramref name="task"/> (0: its first task). A member that does not
    /// train the task answers <c>UNIMPLEMENTED</c>.
    /// </summary>
    public async Task<MemberProfile> DescribeAsync(TimeSpan timeout, uint task, CancellationToken cancellationToken = default)
    {
        var reply = await _client.DescribeAsync(new DescribeRequest { Task = task }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!ChainAddress.TryParse(reply.Address, out var address))
        {
            throw new InvalidDataException($"Member at {Endpoint} described itself with '{reply.Address}', which is not a chain address.");
        }

        return new MemberProfile(reply.Name, address, [.. reply.Sites], (long)reply.TrainSamples, (long)reply.ValidationSamples, reply.MeanLoadKw) { Task = reply.Task };
    }

    /// <summary>Has the member train one round; verifies the returned update against its claimed hash.</summary>
    public async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var request = new TrainRequest
        {
            Round = (ulong)assignment.Round,
            GlobalModel = ByteString.CopyFrom(assignment.GlobalModel),
            GlobalModelHash = ByteString.CopyFrom(assignment.GlobalModelHash.ToArray()),
            LocalEpochs = (uint)assignment.LocalEpochs,
            Seed = unchecked((ulong)assignment.Seed),
            ProximalMu = assignment.ProximalMu,
            SecureAggregation = assignment.SecureAggregation,
            ClipNorm = assignment.ClipNorm,
            DpNoiseMultiplier = assignment.DpNoiseMultiplier,
            DpMinMembers = (uint)assignment.DpMinMembers,
        };
        var reply = await _client.TrainAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var update = reply.Update.ToByteArray();
        if (reply.UpdateHash.Length != Hash32.Length)
        {
            throw new InvalidDataException($"Member at {Endpoint} sent an update hash of {reply.UpdateHash.Length} bytes, not {Hash32.Length}.");
        }

        var claimed = new Hash32(reply.UpdateHash.Span);
        if (assignment.SecureAggregation)
        {
            // The update stays on the member; only its hash, committed on chain, comes back.
            if (update.Length != 0)
            {
                throw new InvalidDataException($"Member at {Endpoint} sent its update in the clear in a secure round.");
            }
        }
        else if (Keccak.Hash(update) is var actual && actual != claimed)
        {
            throw new InvalidDataException($"Member at {Endpoint} sent an update whose keccak-256 is {actual} but claimed {claimed}.");
        }

        return new TrainedUpdate(
            update,
            claimed,
            (long)reply.TrainSamples,
            TransactionHash(reply.CommitTxHash, "commit"),
            (long)reply.CommitGasUsed,
            reply.LocalOnlyValidationRmse,
            reply.SeasonalNaiveValidationRmse,
            reply.TrainSeconds);
    }

    /// <summary>Has the member evaluate candidate models on its private data.</summary>
    public Task<EvaluationResult> EvaluateAsync(long round, IReadOnlyList<CandidateModel> candidates, EvaluationSplit split, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        EvaluateAsync(EvaluationRequest.ForModels(round, candidates, split), timeout, cancellationToken);

    /// <summary>Has the member evaluate whole models and coalitions of the round's updates; error sums in the order of <see cref="EvaluationRequest.Labels"/>.</summary>
    public async Task<EvaluationResult> EvaluateAsync(EvaluationRequest evaluation, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var request = new EvaluateRequest
        {
            Round = (ulong)evaluation.Round,
            Split = evaluation.Split == EvaluationSplit.Test ? "test" : "validation",
            Aggregation = evaluation.Aggregation,
        };
        foreach (var candidate in evaluation.Models)
        {
            request.Candidates.Add(new Protos.CandidateModel { Label = candidate.Label, Model = ByteString.CopyFrom(candidate.Model) });
        }

        foreach (var update in evaluation.Updates)
        {
            request.Updates.Add(new Protos.RoundUpdate { Member = update.Member.ToString(), Update = ByteString.CopyFrom(update.Update), TrainSamples = (ulong)update.TrainSamples });
        }

        foreach (var coalition in evaluation.Coalitions)
        {
            var wire = new Protos.Coalition { Label = coalition.Label };
            wire.Members.AddRange(coalition.Members.Select(m => (uint)m));
            request.Coalitions.Add(wire);
        }

        var labels = evaluation.Labels.ToList();
        var reply = await _client.EvaluateAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (reply.Errors.Count != labels.Count)
        {
            throw new InvalidDataException($"Member at {Endpoint} evaluated {reply.Errors.Count} candidates, {labels.Count} were sent.");
        }

        var member = Endpoint.ToString();
        var errors = new List<ErrorSums>(reply.Errors.Count);
        for (var i = 0; i < reply.Errors.Count; i++)
        {
            var sums = WireErrors.FromWire(reply.Errors[i], member);
            if (sums.Label != labels[i])
            {
                throw new InvalidDataException($"Member at {Endpoint} answered '{sums.Label}' where '{labels[i]}' was asked.");
            }

            errors.Add(sums);
        }

        return new EvaluationResult(errors, WireErrors.FromWire(reply.SeasonalNaive ?? new ModelErrors { Label = "seasonal-naive" }, member));
    }

    /// <summary>Secure step 1: the member's signed round keys for a round whose contributors are <paramref name="roster"/>.</summary>
    public async Task<MaskAdvertisement> SecureAdvertiseAsync(long round, IReadOnlyList<ChainAddress> roster, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var request = new SecureAdvertiseRequest { Round = (ulong)round };
        request.Roster.AddRange(roster.Select(a => a.ToString()));
        return SecureWire.FromWire(await _client.SecureAdvertiseAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Secure step 2: the member's encrypted shares for its neighbours.</summary>
    public async Task<IReadOnlyList<ShareEnvelope>> SecureShareKeysAsync(long round, IReadOnlyList<MaskAdvertisement> advertisements, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(advertisements);
        var request = new SecureShareKeysRequest { Round = (ulong)round };
        request.Advertisements.AddRange(advertisements.Select(SecureWire.ToWire));
        var reply = await _client.SecureShareKeysAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. reply.Envelopes.Select(SecureWire.FromWire)];
    }

    /// <summary>Secure step 3: the member's masked input, and the range it was encoded with.</summary>
    public async Task<(MaskedInput Input, double Range)> SecureMaskedInputAsync(long round, IReadOnlyList<ShareEnvelope> envelopes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var request = new SecureMaskedInputRequest { Round = (ulong)round };
        request.Envelopes.AddRange(envelopes.Select(SecureWire.ToWire));
        var reply = await _client.SecureMaskedInputAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (new MaskedInput(SecureWire.Index(reply.Member), SecureWire.Words(reply.Words)), reply.Range);
    }

    /// <summary>Secure step 4: the member's signature over the survivors.</summary>
    public async Task<SurvivorSignature> SecureConfirmAsync(long round, IReadOnlyList<int> survivors, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survivors);
        var request = new SecureConfirmRequest { Round = (ulong)round };
        request.Survivors.AddRange(survivors.Select(s => (uint)s));
        return SecureWire.FromWire(await _client.SecureConfirmAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Secure step 5: the shares that remove the masks.</summary>
    public async Task<UnmaskReply> SecureUnmaskAsync(long round, UnmaskRequest unmask, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unmask);
        var request = new SecureUnmaskRequest { Round = (ulong)round };
        request.Survivors.AddRange(unmask.Survivors.Select(s => (uint)s));
        request.Dropped.AddRange(unmask.Dropped.Select(s => (uint)s));
        request.Signatures.AddRange(unmask.Signatures.Select(SecureWire.ToWire));
        var reply = await _client.SecureUnmaskAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new UnmaskReply(SecureWire.Index(reply.Member), [.. reply.Shares.Select(SecureWire.FromWire)]);
    }

    /// <summary>Hands the member its reward leaf and proof so it claims the reward itself.</summary>
    public async Task<ClaimReceipt> ClaimAsync(RewardClaim claim, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var request = new ClaimRequest
        {
            Round = (ulong)claim.Round,
            Score = claim.Score,
            Reward = claim.Reward.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var node in claim.Proof)
        {
            request.Proof.Add(ByteString.CopyFrom(node.ToArray()));
        }

        var reply = await _client.ClaimAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ClaimReceipt(TransactionHash(reply.ClaimTxHash, "claim"), (long)reply.ClaimGasUsed);
    }

    /// <summary>
    /// Asks an automaker's node for the capacity fade per cycle the model of finalized battery-health round
    /// <paramref name="round"/> gives on its cells, by chemistry.
    /// </summary>
    /// <exception cref="InvalidDataException">The reply holds a chemistry twice, an empty label, a negative count or a non-finite sum.</exception>
    public async Task<IReadOnlyList<ChemistryFade>> WearAsync(long round, byte[] model, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reply = await _client.WearAsync(
            new WearRequest { Round = (ulong)round, Model = ByteString.CopyFrom(model) }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fades = new List<ChemistryFade>(reply.Chemistries.Count);
        foreach (var fade in reply.Chemistries)
        {
            if (string.IsNullOrWhiteSpace(fade.Chemistry) || fades.Any(f => f.Chemistry == fade.Chemistry))
            {
                throw new InvalidDataException($"Member at {Endpoint} sent the chemistry '{fade.Chemistry}' empty or twice in its wear reply.");
            }

            if (!double.IsFinite(fade.SumFadePerCycle) || fade.Samples == 0 || fade.Samples > int.MaxValue)
            {
                throw new InvalidDataException($"Member at {Endpoint} sent {fade.Samples} {fade.Chemistry} forecasts with a fade sum of {fade.SumFadePerCycle}: not a usable sum.");
            }

            fades.Add(new ChemistryFade(fade.Chemistry, fade.SumFadePerCycle, (long)fade.Samples));
        }

        return fades;
    }

    private Hash32 TransactionHash(string text, string what) =>
        Hash32.TryParse(text, out var hash)
            ? hash
            : throw new InvalidDataException($"Member at {Endpoint} sent '{text}' as its {what} transaction hash, which is not 32 bytes of hex.");

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
