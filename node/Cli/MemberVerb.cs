using System.CommandLine;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Member;
using Consortium.Node.Hosting;
using Consortium.Node.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium member</c>: a development operator node for tests and experiments, serving the federation and dispatch
/// protocols over plaintext gRPC on 127.0.0.1 without a membership check (<c>consortium run</c> serves other members). Prints <c>LISTENING http://127.0.0.1:PORT</c> once it accepts calls. With <c>--fleet-evs N</c> it serves a
/// fleet of N vehicles (seed <c>--fleet-seed</c>) in dispatch events, drawn from the charging sessions at its own sites
/// that the import kept in its store (<c>--fleet-source sessions</c>, the default) or synthetic
/// (<c>--fleet-source synthetic</c>); without, it answers dispatch calls with a refusal.
/// </summary>
public static class MemberVerb
{
    private const string Description = """
        Run a development operator node for tests and experiments: it serves the federation and dispatch protocols over
        plaintext gRPC on 127.0.0.1 without checking who calls, and prints LISTENING http://127.0.0.1:PORT once it
        accepts calls. A node that serves other members is started with consortium run.
        """;

    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new("member", Description, Seed, RunAsync)
    {
        { CliOption.RequiredText("--name", "the operator's name; its key is made on first start and kept in its store", "NAME"), (a, v) => a with { Name = v } },
        { CliOption.RequiredText("--data-dir", "the operator's folder, holding its store node.db", "DIR"), (a, v) => a with { DataDir = Path.GetFullPath(v) } },
        { CliOption.Url("--rpc", "the chain's JSON-RPC endpoint", required: true), (a, v) => a with { RpcUrl = v! } },
        { CliOption.Address("--registry", "the consortium's registry contract", required: true), (a, v) => a with { Addresses = a.Addresses with { Registry = v!.Value } } },
        { CliOption.Address("--rounds", "the consortium's rounds contract", required: true), (a, v) => a with { Addresses = a.Addresses with { Rounds = v!.Value } } },
        { CliOption.Address("--token", "the consortium's token contract", required: true), (a, v) => a with { Addresses = a.Addresses with { Token = v!.Value } } },
        { CliOption.Address("--dispatch", "the consortium's dispatch contract", required: true), (a, v) => a with { Addresses = a.Addresses with { Dispatch = v!.Value } } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
        { CliOption.Int("--port", "TCP port on 127.0.0.1; 0 lets the system pick a free one", 0, 0, 65535, "P"), (a, v) => a with { Port = v } },
        { CliOption.Int("--parent-pid", "stop when this process ends; 0 for never", 0, 0, helpName: "PID"), (a, v) => a with { ParentPid = v } },
        { CliOption.Int("--window-stride", "hours between consecutive training windows", 1, 1, 168, "H"), (a, v) => a with { WindowStride = v } },
        { PrivacyOptions(), (a, v) => a with { Privacy = v } },
        { CliOption.Int("--fleet-evs", "vehicles in the fleet it serves in dispatch events; 0 refuses dispatch calls", 0, 0, 10_000_000), (a, v) => a with { Fleet = a.Fleet with { VehicleCount = v } } },
        { CliOption.Int("--fleet-seed", "seed of the fleet's draws", 1, helpName: "S"), (a, v) => a with { Fleet = a.Fleet with { Seed = v } } },
        { CliOption.Number("--unplug-share", "share of vehicles that unplug before their planned departure", DeliveryMeter.DefaultUnplugShare, 0, 1, "F"), (a, v) => a with { Fleet = a.Fleet with { UnplugShare = v } } },
        { CliOption.Choice("--fleet-source", "where the fleet is drawn from: the sessions at the operator's own sites kept by the import, or synthetic", "sessions", DemoVerb.FleetSources), (a, v) => a with { Fleet = a.Fleet with { Source = v.Value } } },
        { CliOption.Int("--exact-limit", "largest fleet it re-plans exactly in a dispatch", LocalFleetOperator.DefaultExactVehicleLimit, 0, 1_000_000), (a, v) => a with { Fleet = a.Fleet with { ExactVehicleLimit = v } } },
    };

    /// <summary>What the options start from; every value here is set by one of them.</summary>
    private static Arguments Seed => new(
        string.Empty,
        string.Empty,
        string.Empty,
        new ConsortiumAddresses(default, default, default, default),
        ChainConnectionOptions.Default,
        0,
        0,
        1,
        null,
        new OperatorFleetOptions(0, 1));

    /// <summary><c>--dp-epsilon E</c> turns on client-side DP; <c>--dp-delta</c>, <c>--dp-clip</c> and <c>--dp-rounds</c> go with it.</summary>
    internal static OptionGroup<MemberPrivacy?> PrivacyOptions()
    {
        var epsilon = CliOption.OptionalNumber("--dp-epsilon", "ε of client-side differential privacy over the planned rounds [default: no DP]", 1e-3, 1e3, "E");
        var delta = CliOption.Number("--dp-delta", "δ of client-side DP (with --dp-epsilon)", 1e-5, 1e-12, 0.1, "D");
        var clip = CliOption.Number("--dp-clip", "L2 norm each update's change is clipped to (with --dp-epsilon)", 1.0, 1e-6, 1e6, "C");
        var rounds = CliOption.Int("--dp-rounds", "rounds the ε is spread over (with --dp-epsilon)", 10, 1, 100_000, "K");
        return new OptionGroup<MemberPrivacy?>([epsilon, delta, clip, rounds], result =>
        {
            if (result.GetValue(epsilon) is { } e)
            {
                return new MemberPrivacy(e, result.GetValue(delta), result.GetValue(clip), result.GetValue(rounds));
            }

            return new Option[] { delta, clip, rounds }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } alone
                ? throw new UsageException($"option {alone.Name} needs --dp-epsilon")
                : null;
        });
    }

    /// <summary>Runs the verb until interrupted (or until its parent process ends).</summary>
    private static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (name, dataDir, rpc, addresses, chain, port, parentPid, windowStride, privacy, fleet) = arguments;
        using var store = new NodeStore(Path.Combine(dataDir, "node.db"));
        var identity = store.GetOrCreateIdentity(name, () => ChainAccount.Generate().PrivateKey);
        var ledger = new ConsortiumLedger(rpc, identity.PrivateKey, addresses, chain);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(MemberVerb).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        // A development node: its one caller is the process that started it, which may report the test split.
        builder.AddConsortiumMember(new MemberHostOptions(name, store, ledger, port, windowStride, privacy, fleet) { AllowTestSplit = true });
        await using var app = builder.Build();
        app.MapConsortiumMember();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        output.WriteLine($"LISTENING {address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)}");
        output.Flush();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (parentPid > 0)
        {
            _ = ParentWatch.StopWhenGoneAsync(parentPid, stop);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted, or the parent ended: stop serving.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Name">The operator's name.</param>
    /// <param name="DataDir">The operator's folder (absolute).</param>
    /// <param name="RpcUrl">The chain's JSON-RPC endpoint.</param>
    /// <param name="Addresses">The consortium's contracts.</param>
    /// <param name="Chain">Chain id, fee policy and confirmations.</param>
    /// <param name="Port">TCP port on 127.0.0.1, 0 for any free one.</param>
    /// <param name="ParentPid">The process whose end stops this one, 0 for none.</param>
    /// <param name="WindowStride">Hours between consecutive training windows.</param>
    /// <param name="Privacy">Client-side DP, or none.</param>
    /// <param name="Fleet">The fleet it serves in dispatch events.</param>
    public sealed record Arguments(
        string Name,
        string DataDir,
        string RpcUrl,
        ConsortiumAddresses Addresses,
        ChainConnectionOptions Chain,
        int Port,
        int ParentPid,
        int WindowStride,
        MemberPrivacy? Privacy,
        OperatorFleetOptions Fleet);
}
