using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Consortium.Node.Tests.Network;

/// <summary>
/// Mutual TLS between nodes with certificates bound to chain identities: a member's node, served over real TLS on
/// loopback, admits only current members whose presented certificate is the one they published on a real chain, and
/// only the coordinator may drive it. Every refusal is a status that says why, and a log line.
/// </summary>
public sealed class PeerSecurityTests : IAsyncLifetime
{
    private readonly CollectingLogs _logs = new();
    private AnvilChain _chain = null!;
    private ConsortiumLedger _coordinator = null!;
    private ConsortiumLedger _served = null!;
    private ConsortiumLedger _peer = null!;
    private X509Certificate2 _coordinatorCertificate = null!;
    private X509Certificate2 _servedCertificate = null!;
    private X509Certificate2 _peerCertificate = null!;
    private LoopbackMemberServer _server = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        var coordinator = ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]);
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(_chain.DevAccounts[0].Address, "coordinator", MemberRole.Coordinator),
            new FoundingMember(_chain.DevAccounts[1].Address, "dundee-a", MemberRole.Operator),
            new FoundingMember(_chain.DevAccounts[2].Address, "perth-a", MemberRole.Operator),
        ]);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinator, setup);
        _coordinator = new ConsortiumLedger(coordinator, addresses);
        _served = new ConsortiumLedger(ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[1]), addresses);
        _peer = new ConsortiumLedger(ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[2]), addresses);
        _coordinatorCertificate = await PublishedCertificateAsync(_coordinator, "coordinator");
        _servedCertificate = await PublishedCertificateAsync(_served, "dundee-a");
        _peerCertificate = await PublishedCertificateAsync(_peer, "perth-a");
        var reader = ChainConnection.ReadOnly(_chain.RpcUrl);
        var directory = new ChainPeerDirectory(new ConsortiumLedger(reader, addresses).Registry, reader);
        _server = await LoopbackMemberServer.StartSecureAsync(new EchoMember(_chain.DevAccounts[1].Address), _servedCertificate, directory, _logs);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [Fact]
    public async Task TheCoordinatorWithItsPublishedCertificateDrivesTheMember()
    {
        using var client = ClientAs(_coordinatorCertificate);

        var profile = await client.DescribeAsync(TimeSpan.FromSeconds(10));
        var update = await client.TrainAsync(Assignment(), TimeSpan.FromSeconds(10));

        Assert.Equal("dundee-a", profile.Name);
        Assert.Equal(Keccak.Hash([1, 2, 3]), update.UpdateHash);
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task AnotherMemberMayAskWhoTheNodeIsButCannotDriveIt()
    {
        using var client = ClientAs(_peerCertificate);

        var profile = await client.DescribeAsync(TimeSpan.FromSeconds(10));
        var train = await Assert.ThrowsAsync<RpcException>(() => client.TrainAsync(Assignment(), TimeSpan.FromSeconds(10)));
        var evaluate = await Assert.ThrowsAsync<RpcException>(() => client.EvaluateAsync(1, [new CandidateModel("global", [1])], EvaluationSplit.Test, TimeSpan.FromSeconds(10)));

        Assert.Equal("dundee-a", profile.Name);
        Assert.Equal(StatusCode.PermissionDenied, train.StatusCode);
        Assert.Contains($"perth-a ({_chain.DevAccounts[2].Address}, operator) may not call /consortium.federation.v1.FederatedMember/Train: only the coordinator may", train.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, evaluate.StatusCode);
        Assert.Contains(_logs.Warnings, line => line.Contains("Refused /consortium.federation.v1.FederatedMember/Train", StringComparison.Ordinal) && line.Contains("perth-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASelfSignedCertificateNoMemberPublishedIsRefused()
    {
        using var stranger = NodeCertificate.Create("stranger", new NodeEndpoint("127.0.0.1", 1));
        using var client = ClientAs(stranger);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => client.DescribeAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.PermissionDenied, refusal.StatusCode);
        Assert.Equal($"certificate SHA-256 {NodeCertificate.Fingerprint(stranger)} is refused: no member published it on chain", refusal.Status.Detail);
        Assert.Contains(_logs.Warnings, line => line.Contains("no member published it on chain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACallWithoutACertificateIsUnauthenticatedAndPlaintextFailsTheHandshake()
    {
        var served = NodeCertificate.Fingerprint(_servedCertificate);
        using var anonymous = GrpcChannel.ForAddress(_server.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && PeerCertificates.Fingerprint(c) == served },
            },
        });
        var plaintextEndpoint = new UriBuilder(_server.Endpoint) { Scheme = "http" }.Uri;
        using var plaintext = new FederatedMemberClient(plaintextEndpoint);

        var noCertificate = await Assert.ThrowsAsync<RpcException>(() =>
            new Consortium.Network.Protos.FederatedMember.FederatedMemberClient(anonymous).DescribeAsync(new Consortium.Network.Protos.DescribeRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        var cleartext = await Assert.ThrowsAsync<RpcException>(() => plaintext.DescribeAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.Unauthenticated, noCertificate.StatusCode);
        Assert.Contains("no client certificate", noCertificate.Status.Detail);
        Assert.NotEqual(StatusCode.OK, cleartext.StatusCode);
    }

    [Fact]
    public async Task AMemberThatAnnouncesItsExitIsRefusedFromItsNextCallOn()
    {
        using var client = ClientAs(_peerCertificate);
        await client.DescribeAsync(TimeSpan.FromSeconds(10));

        await _peer.Registry.AnnounceExitAsync();
        var refusal = await Assert.ThrowsAsync<RpcException>(() => client.DescribeAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.PermissionDenied, refusal.StatusCode);
        Assert.Contains($"it is perth-a ({_chain.DevAccounts[2].Address})'s, which announced its exit", refusal.Status.Detail);
    }

    [Fact]
    public async Task ARotatedCertificateReplacesTheOldOneAtOnce()
    {
        using var rotated = NodeCertificate.Create("perth-a", new NodeEndpoint("127.0.0.1", 7002));
        await _peer.Registry.SetNodeContactAsync("127.0.0.1:7002", NodeCertificate.Fingerprint(rotated));
        using var old = ClientAs(_peerCertificate);
        using var current = ClientAs(rotated);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => old.DescribeAsync(TimeSpan.FromSeconds(10)));
        var profile = await current.DescribeAsync(TimeSpan.FromSeconds(10));

        Assert.Contains($"perth-a ({_chain.DevAccounts[2].Address}) has replaced it with the certificate {NodeCertificate.Fingerprint(rotated)}", refusal.Status.Detail);
        Assert.Equal("dundee-a", profile.Name);
    }

    [Fact]
    public async Task TheCallerRefusesANodeWhoseCertificateIsNotTheOneItPublished()
    {
        using var impostor = NodeCertificate.Create("dundee-a", new NodeEndpoint("127.0.0.1", 1));
        using var client = new FederatedMemberClient(_server.Endpoint, new PeerCredentials(_coordinatorCertificate, NodeCertificate.Fingerprint(impostor)));

        var refusal = await Assert.ThrowsAsync<RpcException>(() => client.DescribeAsync(TimeSpan.FromSeconds(10)));

        Assert.True(refusal.StatusCode is StatusCode.Unavailable or StatusCode.Internal, refusal.ToString());
        Assert.Contains("RemoteCertificateValidationCallback", refusal.ToString());
        Assert.DoesNotContain(_logs.Warnings, line => line.Contains("Refused /", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizedRequestsAndTooManyCallsAreRefusedWithTheLimitTheyMet()
    {
        var reader = ChainConnection.ReadOnly(_chain.RpcUrl);
        var directory = new ChainPeerDirectory(new ConsortiumLedger(reader, _coordinator.Addresses).Registry, reader);
        await using var strict = await LoopbackMemberServer.StartSecureAsync(
            new EchoMember(_chain.DevAccounts[1].Address), _servedCertificate, directory, _logs, new PeerCallLimits(MaxModelBytes: 1000, CallsPerSecond: 0.5, Burst: 3));
        var expected = NodeCertificate.Fingerprint(_servedCertificate);
        using var coordinator = new FederatedMemberClient(strict.Endpoint, new PeerCredentials(_coordinatorCertificate, expected));
        using var peer = new FederatedMemberClient(strict.Endpoint, new PeerCredentials(_peerCertificate, expected));
        var model = new byte[70_000];

        var oversized = await Assert.ThrowsAsync<RpcException>(() => coordinator.TrainAsync(new TrainAssignment(1, model, Keccak.Hash(model), 1, 1), TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 3; i++)
        {
            await peer.DescribeAsync(TimeSpan.FromSeconds(10));
        }

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => peer.DescribeAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.StartsWith("coordinator's request of 700", oversized.Status.Detail);
        Assert.Contains("bytes is over the 66536 bytes /consortium.federation.v1.FederatedMember/Train takes", oversized.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, tooMany.StatusCode);
        Assert.Contains("called more than 0.5 times a second (bursts of 3)", tooMany.Status.Detail);
        Assert.Equal("dundee-a", (await coordinator.DescribeAsync(TimeSpan.FromSeconds(10))).Name);
    }

    [Fact]
    public async Task CallsWithoutADeadlineOrWithOneTooFarAwayAreRefused()
    {
        using var channel = PeerChannels.Create(_server.Endpoint, new PeerCredentials(_coordinatorCertificate, NodeCertificate.Fingerprint(_servedCertificate)), 1024 * 1024);
        var client = new Consortium.Network.Protos.FederatedMember.FederatedMemberClient(channel);

        var none = await Assert.ThrowsAsync<RpcException>(() => client.DescribeAsync(new Consortium.Network.Protos.DescribeRequest()).ResponseAsync);
        var far = await Assert.ThrowsAsync<RpcException>(() => client.DescribeAsync(new Consortium.Network.Protos.DescribeRequest(), deadline: DateTime.UtcNow.AddHours(2)).ResponseAsync);
        var fine = await client.DescribeAsync(new Consortium.Network.Protos.DescribeRequest(), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.Contains("called /consortium.federation.v1.FederatedMember/Describe without a deadline; calls carry one of at most 1 minutes", none.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, far.StatusCode);
        Assert.Contains("at most 1 are accepted", far.Status.Detail);
        Assert.Equal("dundee-a", fine.Name);
    }

    [Fact]
    public async Task GarbageFromTheCoordinatorGetsAStatusAndTheNodeKeepsServing()
    {
        using var channel = PeerChannels.Create(_server.Endpoint, new PeerCredentials(_coordinatorCertificate, NodeCertificate.Fingerprint(_servedCertificate)), 1024 * 1024);
        var raw = new Method<byte[], byte[]>(
            MethodType.Unary, "consortium.federation.v1.FederatedMember", "Train", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = channel.CreateCallInvoker();

        var garbage = await Assert.ThrowsAsync<RpcException>(() =>
            invoker.AsyncUnaryCall(raw, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), [0xFF, 0xFF, 0xFF, 0x0F, 0x01, 0x02]).ResponseAsync);
        using var client = ClientAs(_coordinatorCertificate);

        Assert.NotEqual(StatusCode.OK, garbage.StatusCode);
        Assert.Equal("dundee-a", (await client.DescribeAsync(TimeSpan.FromSeconds(10))).Name);
    }

    private FederatedMemberClient ClientAs(X509Certificate2 certificate) =>
        new(_server.Endpoint, new PeerCredentials(certificate, NodeCertificate.Fingerprint(_servedCertificate)));

    private static TrainAssignment Assignment() => new(1, [0, 0, 0, 0], Keccak.Hash([0, 0, 0, 0]), 1, 1, 0);

    private static async Task<X509Certificate2> PublishedCertificateAsync(ConsortiumLedger ledger, string name)
    {
        var certificate = NodeCertificate.Create(name, new NodeEndpoint("127.0.0.1", 7001));
        await ledger.Registry.SetNodeContactAsync("127.0.0.1:7001", NodeCertificate.Fingerprint(certificate));
        return certificate;
    }

    private sealed class EchoMember(ChainAddress address) : IFederatedMemberHandler
    {
        public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new MemberProfile("dundee-a", address, ["Site"], 10, 5, 3.5));

        public Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken) =>
            Task.FromResult(new TrainedUpdate([1, 2, 3], Keccak.Hash([1, 2, 3]), 10, Keccak.Hash([4]), 21_000, 0, 0, 0));

        public Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not reached: only the coordinator may evaluate");

        public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not reached");
    }

    private sealed class CollectingLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyList<string> Warnings => [.. _warnings];

        public ILogger CreateLogger(string categoryName) => new Logger(_warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
