using Consortium.Network.Federation;
using Grpc.Core;

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
            client.TrainAsync(new TrainAssignment(1, [1, 2, 3], ModelDigest.Keccak256([1, 2, 3]), 1, 0), TimeSpan.FromSeconds(10)));
        Assert.Contains("claimed", error.Message);
    }

    [Fact]
    public async Task MalformedTrainRequestIsRejectedWithInvalidArgument()
    {
        await using var server = await LoopbackMemberServer.StartAsync(new LyingMember());
        using var client = new FederatedMemberClient(server.Endpoint);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.TrainAsync(new TrainAssignment(1, [1, 2, 3], [1, 2], 1, 0), TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("32 bytes", error.Status.Detail);
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
            client.ClaimAsync(new RewardClaim(4, 10, 5, [new byte[32]]), TimeSpan.FromSeconds(10)));
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

    private sealed class LyingMember : IFederatedMemberHandler
    {
        public bool NegativeErrors { get; init; }

        public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new MemberProfile("liar", "0x0000000000000000000000000000000000000001", [], 1, 1, 1));

        public Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken) =>
            Task.FromResult(new TrainedUpdate([9, 9, 9], ModelDigest.Keccak256([1, 2, 3]), 10, "0x", 0, 0, 0, 0));

        public Task<EvaluationResult> EvaluateAsync(long round, IReadOnlyList<CandidateModel> candidates, EvaluationSplit split, CancellationToken cancellationToken)
        {
            if (!NegativeErrors)
            {
                throw new InvalidOperationException($"round {round} is not open");
            }

            var bad = new ErrorSums(candidates[0].Label, -1, 0, 0, 1);
            return Task.FromResult(new EvaluationResult([bad], bad with { Label = "seasonal-naive" }));
        }

        public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
            throw new ArgumentException($"no reward tree leads to round {claim.Round}");
    }
}
