using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Consortium.Node.Home;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Hosting;

/// <summary>One setting of <see cref="PeerCallBenchmark"/>.</summary>
/// <param name="Setting">What was measured.</param>
/// <param name="Method">The call.</param>
/// <param name="Calls">Timed calls, one after another.</param>
/// <param name="RequestBytes">Bytes of model in each request.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P99Milliseconds">99th-percentile latency.</param>
/// <param name="CallsPerSecond">Calls completed per second.</param>
public sealed record PeerCallRow(string Setting, string Method, int Calls, int RequestBytes, double P50Milliseconds, double P99Milliseconds, double CallsPerSecond);

/// <summary>
/// What admitting only members costs a call (<c>consortium bench peers</c>): the same handler served on loopback twice,
/// plaintext with no checks (the baseline) and over mutual TLS with every call's certificate looked up in the registry on
/// a local anvil chain, each called one call after another with <c>Describe</c> and with <c>Train</c> carrying a model.
/// </summary>
public static class PeerCallBenchmark
{
    /// <summary>Runs the benchmark: <paramref name="calls"/> timed calls per setting after a warm-up.</summary>
    public static async Task<IReadOnlyList<PeerCallRow>> RunAsync(int calls, int modelBytes, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 10);
        await using var chain = await AnvilChain.StartAsync(new AnvilOptions(), cancellationToken).ConfigureAwait(false);
        var coordinator = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinator, new ConsortiumSetup(
        [
            new FoundingMember(chain.DevAccounts[0].Address, "coordinator", MemberRole.Coordinator),
            new FoundingMember(chain.DevAccounts[1].Address, "bench-operator", MemberRole.Operator),
        ]), cancellationToken).ConfigureAwait(false);
        using var coordinatorCertificate = NodeCertificate.Create("coordinator", new NodeEndpoint("127.0.0.1", 1));
        using var operatorCertificate = NodeCertificate.Create("bench-operator", new NodeEndpoint("127.0.0.1", 1));
        await new ConsortiumLedger(coordinator, addresses).Registry.SetNodeContactAsync("127.0.0.1:1", NodeCertificate.Fingerprint(coordinatorCertificate), cancellationToken).ConfigureAwait(false);
        await new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[1]), addresses).Registry
            .SetNodeContactAsync("127.0.0.1:1", NodeCertificate.Fingerprint(operatorCertificate), cancellationToken).ConfigureAwait(false);
        var reader = ChainConnection.ReadOnly(chain.RpcUrl);
        var directory = new ChainPeerDirectory(new ConsortiumLedger(reader, addresses).Registry, reader);
        var handler = new BenchMember(chain.DevAccounts[1].Address);
        var model = new byte[modelBytes];
        new Random(1).NextBytes(model);

        var rows = new List<PeerCallRow>();
        await using (var plaintext = await StartAsync(handler, null).ConfigureAwait(false))
        {
            using var client = new FederatedMemberClient(plaintext.Endpoint);
            rows.AddRange(await MeasureAsync("plaintext, no checks (baseline)", client, calls, model, output, cancellationToken).ConfigureAwait(false));
        }

        await using (var secure = await StartAsync(handler, (operatorCertificate, directory)).ConfigureAwait(false))
        {
            using var client = new FederatedMemberClient(secure.Endpoint, new PeerCredentials(coordinatorCertificate, NodeCertificate.Fingerprint(operatorCertificate)));
            rows.AddRange(await MeasureAsync("mutual TLS, member checked on chain", client, calls, model, output, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>The rows as a Markdown table.</summary>
    public static string FormatTable(IReadOnlyList<PeerCallRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new StringBuilder();
        table.AppendLine("| setting | call | calls | model bytes | p50 (ms) | p99 (ms) | calls/s |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Setting} | {row.Method} | {row.Calls} | {row.RequestBytes:N0} | {row.P50Milliseconds:F2} | {row.P99Milliseconds:F2} | {row.CallsPerSecond:N0} |"));
        }

        return table.ToString();
    }

    private static async Task<IReadOnlyList<PeerCallRow>> MeasureAsync(
        string setting, FederatedMemberClient client, int calls, byte[] model, TextWriter output, CancellationToken cancellationToken)
    {
        var assignment = new TrainAssignment(1, model, Keccak.Hash(model), 1, 1);
        var timeout = TimeSpan.FromSeconds(30);
        var describe = await TimeAsync(calls, () => client.DescribeAsync(timeout, cancellationToken)).ConfigureAwait(false);
        var train = await TimeAsync(Math.Max(10, calls / 4), () => client.TrainAsync(assignment, timeout, cancellationToken)).ConfigureAwait(false);
        var rows = new[]
        {
            Row(setting, "Describe", describe, 0),
            Row(setting, "Train", train, model.Length),
        };
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Setting,-36} {row.Method,-9} p50 {row.P50Milliseconds,7:F2} ms  p99 {row.P99Milliseconds,7:F2} ms  {row.CallsPerSecond,7:N0} calls/s"));
        }

        return rows;
    }

    private static async Task<double[]> TimeAsync<T>(int calls, Func<Task<T>> call)
    {
        for (var i = 0; i < Math.Min(50, calls); i++)
        {
            await call().ConfigureAwait(false);
        }

        var latencies = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.GetTimestamp();
            await call().ConfigureAwait(false);
            latencies[i] = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
        }

        return latencies;
    }

    private static PeerCallRow Row(string setting, string method, double[] latencies, int bytes)
    {
        var sorted = latencies.Order().ToArray();
        return new PeerCallRow(
            setting, method, sorted.Length, bytes, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)], 1000 * sorted.Length / sorted.Sum());
    }

    private static async Task<Server> StartAsync(IFederatedMemberHandler handler, (X509Certificate2 Certificate, IPeerDirectory Peers)? security)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(PeerCallBenchmark).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o =>
        {
            if (security is { } tls)
            {
                o.UseConsortiumPeerTls(tls.Certificate);
            }
            else
            {
                o.Protocols = HttpProtocols.Http2;
            }
        }));
        builder.Services.AddSingleton(handler);
        if (security is { } peers)
        {
            builder.Services.AddSingleton(peers.Peers);
        }

        builder.Services.AddConsortiumGrpc(security is not null, limits: new PeerCallLimits(4 * 1024 * 1024, CallsPerSecond: 1e6, Burst: 1_000_000));
        var app = builder.Build();
        app.MapConsortiumFederation();
        await app.StartAsync().ConfigureAwait(false);
        return new Server(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private sealed class Server(WebApplication app, Uri endpoint) : IAsyncDisposable
    {
        public Uri Endpoint { get; } = endpoint;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A member that answers at once, so that the calls' cost is the transport's and the checks'.</summary>
    private sealed class BenchMember(ChainAddress address) : IFederatedMemberHandler
    {
        private static readonly byte[] Update = [1, 2, 3];

        public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new MemberProfile("bench-operator", address, ["Site"], 1, 1, 1));

        public Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken) =>
            Task.FromResult(new TrainedUpdate(Update, Keccak.Hash(Update), 1, Keccak.Hash([4]), 0, 0, 0, 0));

        public Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the benchmark does not evaluate");

        public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the benchmark does not claim");
    }
}
