using Consortium.Network.Federation;
using Consortium.Network.Protos;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using CandidateModel = Consortium.Network.Federation.CandidateModel;

namespace Consortium.Node.Tests.Network;

/// <summary>The coordinator's client against real gRPC servers on loopback whose members misbehave.</summary>
public sealed class HostileMemberTests
{
    [Fact]
    public async Task UpdateWhoseBytesDoNotMatchItsHashIsRefused()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var client = new FederatedMemberClient(server.Endpoint);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            client.TrainAsync(new TrainAssignment(1, [1, 2, 3], Keccak.Hash([1, 2, 3]), 1, 0), TimeSpan.FromSeconds(10)));
        Assert.Contains("claimed", error.Message);
    }

    [Fact]
    public async Task MalformedTrainRequestIsRejectedWithInvalidArgument()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var channel = GrpcChannel.ForAddress(server.Endpoint);
        var raw = new FederatedMember.FederatedMemberClient(channel);
        var request = new TrainRequest { Round = 1, GlobalModel = ByteString.CopyFrom(1, 2, 3), GlobalModelHash = ByteString.CopyFrom(1, 2), LocalEpochs = 1 };

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.TrainAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("32 bytes", error.Status.Detail);
    }

    [Theory]
    [InlineData(false, 1.5, 2u)] // noise on a sum the coordinator would see in the clear
    [InlineData(true, -1.0, 2u)]
    [InlineData(true, double.NaN, 2u)]
    [InlineData(true, 1.5, 0u)] // no m_min
    public async Task DistributedDpFieldsOutsideASecureRoundOrOutOfRangeAreRejected(bool secure, double sigma, uint minimum)
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var channel = GrpcChannel.ForAddress(server.Endpoint);
        var raw = new FederatedMember.FederatedMemberClient(channel);
        var model = ByteString.CopyFrom(1, 2, 3);
        var request = new TrainRequest
        {
            Round = 1,
            GlobalModel = model,
            GlobalModelHash = ByteString.CopyFrom(Keccak.Hash([1, 2, 3]).ToArray()),
            LocalEpochs = 1,
            SecureAggregation = secure,
            ClipNorm = 1,
            DpNoiseMultiplier = sigma,
            DpMinMembers = minimum,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.TrainAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("distributed DP needs secure_aggregation", error.Status.Detail);
    }

    [Fact]
    public async Task HandlerRefusalReachesTheCoordinatorAsFailedPrecondition()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var client = new FederatedMemberClient(server.Endpoint);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.EvaluateAsync(1, [new CandidateModel("all", [0])], EvaluationSplit.Validation, TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("round 1 is not open", error.Status.Detail);
    }

    [Fact]
    public async Task RefusedClaimReachesTheCoordinatorAsInvalidArgument()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var client = new FederatedMemberClient(server.Endpoint);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ClaimAsync(new RewardClaim(4, 10, 5, [Hash32.Zero]), TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("round 4", error.Status.Detail);
    }

    [Fact]
    public async Task EvaluationWithNegativeErrorSumsIsRefused()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember { NegativeErrors = true });
        using var client = new FederatedMemberClient(server.Endpoint);

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            client.EvaluateAsync(1, [new CandidateModel("all", [0])], EvaluationSplit.Validation, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WireValuesThatAreNotAddressesOrHashesAreRefused()
    {
        await using var server = await LoopbackMemberServer.StartServiceAsync<GarbledMember>();
        using var client = new FederatedMemberClient(server.Endpoint);

        var address = await Assert.ThrowsAsync<InvalidDataException>(() => client.DescribeAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("not a chain address", address.Message);
        var shortHash = await Assert.ThrowsAsync<InvalidDataException>(() =>
            client.TrainAsync(new TrainAssignment(1, [1, 2, 3], Keccak.Hash([1, 2, 3]), 1, 0), TimeSpan.FromSeconds(10)));
        Assert.Contains("update hash of 2 bytes", shortHash.Message);
        var txHash = await Assert.ThrowsAsync<InvalidDataException>(() =>
            client.ClaimAsync(new RewardClaim(1, 1, 1, []), TimeSpan.FromSeconds(10)));
        Assert.Contains("claim transaction hash", txHash.Message);
    }

    /// <summary>A member whose replies carry text where addresses and hashes belong.</summary>
    private sealed class GarbledMember : FederatedMember.FederatedMemberBase
    {
        public override Task<MemberDescription> Describe(DescribeRequest request, ServerCallContext context) =>
            Task.FromResult(new MemberDescription { Name = "garbled", Address = "not an address" });

        public override Task<TrainReply> Train(TrainRequest request, ServerCallContext context) =>
            Task.FromResult(new TrainReply { Update = request.GlobalModel, UpdateHash = ByteString.CopyFrom(1, 2), CommitTxHash = Keccak.Hash([1]).ToString() });

        public override Task<ClaimReply> Claim(ClaimRequest request, ServerCallContext context) =>
            Task.FromResult(new ClaimReply { ClaimTxHash = "0x" });
    }

    private sealed class LyingMember : IFederatedMemberHandler
    {
        public bool NegativeErrors { get; init; }

        public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new MemberProfile("liar", ChainAddress.Parse("0x0000000000000000000000000000000000000001"), [], 1, 1, 1));

        public Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken) =>
            Task.FromResult(new TrainedUpdate([9, 9, 9], Keccak.Hash([1, 2, 3]), 10, Keccak.Hash([4]), 0, 0, 0, 0));

        public Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
        {
            if (!NegativeErrors)
            {
                throw new InvalidOperationException($"round {request.Round} is not open");
            }

            var bad = new ErrorSums(request.Models[0].Label, -1, 0, 0, 1);
            return Task.FromResult(new EvaluationResult([bad], bad with { Label = "seasonal-naive" }));
        }

        public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
            throw new ArgumentException($"no reward tree leads to round {claim.Round}");
    }
}
