using Consortium.Network.Protos;
using Consortium.Network.SecureAggregation;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Consortium.Network.Federation;

/// <summary>The gRPC face of a member node: translates wire messages to <see cref="IFederatedMemberHandler"/> calls.</summary>
public sealed class FederatedMemberService(IFederatedMemberHandler handler, ILogger<FederatedMemberService> logger)
    : FederatedMember.FederatedMemberBase
{
    /// <inheritdoc />
    public override async Task<MemberDescription> Describe(DescribeRequest request, ServerCallContext context)
    {
        var profile = await Guard(() => handler.DescribeAsync(request.Task, context.CancellationToken)).ConfigureAwait(false);
        var reply = new MemberDescription
        {
            Name = profile.Name,
            Address = profile.Address.ToString(),
            TrainSamples = (ulong)profile.TrainSamples,
            ValidationSamples = (ulong)profile.ValidationSamples,
            MeanLoadKw = profile.MeanLoadKw,
            Task = profile.Task,
        };
        reply.Sites.AddRange(profile.Sites);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<TrainReply> Train(TrainRequest request, ServerCallContext context)
    {
        if (request.GlobalModelHash.Length != 32)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"global_model_hash must be 32 bytes, got {request.GlobalModelHash.Length}"));
        }

        if (!double.IsFinite(request.ProximalMu) || request.ProximalMu < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"proximal_mu must be a finite non-negative number, got {request.ProximalMu}"));
        }

        if (request.LocalEpochs is 0 or > 1000)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"local_epochs must be between 1 and 1000, got {request.LocalEpochs}"));
        }

        var assignment = new TrainAssignment(
            checked((long)request.Round),
            request.GlobalModel.ToByteArray(),
            new Hash32(request.GlobalModelHash.Span),
            (int)request.LocalEpochs,
            unchecked((long)request.Seed),
            request.ProximalMu,
            request.SecureAggregation,
            request.SecureAggregation && !(request.ClipNorm is > 0 and <= 1e6)
                ? throw new RpcException(new Status(StatusCode.InvalidArgument, $"a secure round's clip_norm must be positive and at most 1e6, got {request.ClipNorm}"))
                : request.ClipNorm,
            request.DpNoiseMultiplier,
            (int)request.DpMinMembers);
        if (request.DpNoiseMultiplier != 0 && (!request.SecureAggregation || !(request.DpNoiseMultiplier is > 0 and <= 1e6) || request.DpMinMembers is 0 or > 100_000))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"distributed DP needs secure_aggregation, a dp_noise_multiplier in (0, 1e6] and dp_min_members between 1 and 100000; got secure_aggregation {request.SecureAggregation}, dp_noise_multiplier {request.DpNoiseMultiplier}, dp_min_members {request.DpMinMembers}"));
        }

        var update = await Guard(() => handler.TrainAsync(assignment, context.CancellationToken)).ConfigureAwait(false);
        return new TrainReply
        {
            Update = ByteString.CopyFrom(update.Update),
            UpdateHash = ByteString.CopyFrom(update.UpdateHash.ToArray()),
            TrainSamples = (ulong)update.TrainSamples,
            CommitTxHash = update.CommitTxHash.ToString(),
            CommitGasUsed = (ulong)update.CommitGasUsed,
            LocalOnlyValidationRmse = update.LocalOnlyValidationRmse,
            SeasonalNaiveValidationRmse = update.SeasonalNaiveValidationRmse,
            TrainSeconds = update.TrainSeconds,
        };
    }

    /// <inheritdoc />
    public override async Task<EvaluateReply> Evaluate(EvaluateRequest request, ServerCallContext context)
    {
        var split = request.Split switch
        {
            "" or "validation" => EvaluationSplit.Validation,
            "test" => EvaluationSplit.Test,
            var other => throw new RpcException(new Status(StatusCode.InvalidArgument, $"split must be 'validation' or 'test', got '{other}'")),
        };
        var candidates = new List<CandidateModel>(request.Candidates.Count);
        foreach (var candidate in request.Candidates)
        {
            candidates.Add(new CandidateModel(candidate.Label, candidate.Model.ToByteArray()));
        }

        var updates = new List<RoundUpdate>(request.Updates.Count);
        foreach (var update in request.Updates)
        {
            if (!ChainAddress.TryParse(update.Member, out var member))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"update {updates.Count} names '{update.Member}', not a 0x-prefixed address"));
            }

            updates.Add(new RoundUpdate(member, update.Update.ToByteArray(), checked((long)update.TrainSamples)));
        }

        var coalitions = new List<CoalitionCandidate>(request.Coalitions.Count);
        foreach (var coalition in request.Coalitions)
        {
            var members = new int[coalition.Members.Count];
            for (var i = 0; i < members.Length; i++)
            {
                members[i] = coalition.Members[i] < int.MaxValue ? (int)coalition.Members[i] : int.MaxValue;
            }

            coalitions.Add(new CoalitionCandidate(coalition.Label, members));
        }

        var evaluation = new EvaluationRequest(checked((long)request.Round), split, candidates, updates, coalitions, request.Aggregation);
        var result = await Guard(() => handler.EvaluateAsync(evaluation, context.CancellationToken)).ConfigureAwait(false);
        var reply = new EvaluateReply { SeasonalNaive = WireErrors.ToWire(result.SeasonalNaive) };
        foreach (var errors in result.Candidates)
        {
            reply.Errors.Add(WireErrors.ToWire(errors));
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<ClaimReply> Claim(ClaimRequest request, ServerCallContext context)
    {
        if (!System.Numerics.BigInteger.TryParse(request.Reward, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var reward))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"reward must be a non-negative decimal integer, got '{request.Reward}'"));
        }

        var proof = new List<Hash32>(request.Proof.Count);
        foreach (var node in request.Proof)
        {
            if (node.Length != 32)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"every proof node must be 32 bytes, got {node.Length}"));
            }

            proof.Add(new Hash32(node.Span));
        }

        var claim = new RewardClaim(checked((long)request.Round), request.Score, reward, proof);
        var receipt = await Guard(() => handler.ClaimAsync(claim, context.CancellationToken)).ConfigureAwait(false);
        return new ClaimReply { ClaimTxHash = receipt.TxHash.ToString(), ClaimGasUsed = (ulong)receipt.GasUsed };
    }

    /// <inheritdoc />
    public override async Task<WearReply> Wear(WearRequest request, ServerCallContext context)
    {
        var fades = await Guard(() => handler.WearAsync(checked((long)request.Round), request.Model.ToByteArray(), context.CancellationToken)).ConfigureAwait(false);
        var reply = new WearReply();
        foreach (var fade in fades)
        {
            reply.Chemistries.Add(new Protos.ChemistryFade { Chemistry = fade.Chemistry, SumFadePerCycle = fade.SumFadePerCycle, Samples = (ulong)fade.Samples });
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<SecureAdvertisement> SecureAdvertise(SecureAdvertiseRequest request, ServerCallContext context)
    {
        var roster = new List<ChainAddress>(request.Roster.Count);
        foreach (var text in request.Roster)
        {
            roster.Add(ChainAddress.TryParse(text, out var address)
                ? address
                : throw new RpcException(new Status(StatusCode.InvalidArgument, $"roster entry '{text}' is not a 0x-prefixed address")));
        }

        var advertisement = await Guard(() => Secure.AdvertiseAsync(Round(request.Round), roster, context.CancellationToken)).ConfigureAwait(false);
        return SecureWire.ToWire(advertisement);
    }

    /// <inheritdoc />
    public override async Task<SecureEnvelopes> SecureShareKeys(SecureShareKeysRequest request, ServerCallContext context)
    {
        var advertisements = request.Advertisements.Select(SecureWire.FromWire).ToList();
        var envelopes = await Guard(() => Secure.ShareKeysAsync(Round(request.Round), advertisements, context.CancellationToken)).ConfigureAwait(false);
        var reply = new SecureEnvelopes();
        reply.Envelopes.AddRange(envelopes.Select(SecureWire.ToWire));
        return reply;
    }

    /// <inheritdoc />
    public override async Task<SecureMaskedInputReply> SecureMaskedInput(SecureMaskedInputRequest request, ServerCallContext context)
    {
        var envelopes = request.Envelopes.Select(SecureWire.FromWire).ToList();
        var (input, range) = await Guard(() => Secure.MaskInputAsync(Round(request.Round), envelopes, context.CancellationToken)).ConfigureAwait(false);
        return new SecureMaskedInputReply { Member = (uint)input.Member, Words = SecureWire.ToWire(input.Words), Range = range };
    }

    /// <inheritdoc />
    public override async Task<SecureSignature> SecureConfirm(SecureConfirmRequest request, ServerCallContext context)
    {
        var signature = await Guard(() => Secure.ConfirmAsync(Round(request.Round), [.. request.Survivors.Select(SecureWire.Index)], context.CancellationToken)).ConfigureAwait(false);
        return SecureWire.ToWire(signature);
    }

    /// <inheritdoc />
    public override async Task<SecureUnmaskReply> SecureUnmask(SecureUnmaskRequest request, ServerCallContext context)
    {
        var unmask = new UnmaskRequest(
            [.. request.Survivors.Select(SecureWire.Index)], [.. request.Dropped.Select(SecureWire.Index)], [.. request.Signatures.Select(SecureWire.FromWire)]);
        var reply = await Guard(() => Secure.UnmaskAsync(Round(request.Round), unmask, context.CancellationToken)).ConfigureAwait(false);
        var wire = new SecureUnmaskReply { Member = (uint)reply.Member };
        wire.Shares.AddRange(reply.Shares.Select(SecureWire.ToWire));
        return wire;
    }

    private ISecureAggregationHandler Secure => handler as ISecureAggregationHandler
        ?? throw new RpcException(new Status(StatusCode.Unimplemented, "this member takes part in plain rounds only"));

    private static long Round(ulong round) => round is > 0 and <= long.MaxValue
        ? (long)round
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"round must be a round on chain, got {round}"));

    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SecureAggregationException e)
        {
            logger.LogWarning("Refused a secure-aggregation step: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
        }
        catch (TaskNotTrainedException e)
        {
            logger.LogInformation("Asked about a task it does not train: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.Unimplemented, e.Message));
        }
        catch (ArgumentException e)
        {
            logger.LogWarning("Rejected request: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (UnauthorizedAccessException e)
        {
            logger.LogWarning("Refused request: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning("Request does not fit the ledger state: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
    }
}
