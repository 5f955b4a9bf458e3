using System.Globalization;
using System.Net;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Coordination;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Member;
using Consortium.Node.Hosting;
using Consortium.Node.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium member</c>: one operator node serving the federation and dispatch protocols over gRPC on
/// 127.0.0.1. Prints <c>LISTENING http://127.0.0.1:PORT</c> once it accepts calls. With <c>--fleet-evs N</c> it serves a
/// fleet of N vehicles (seed <c>--fleet-seed</c>) in dispatch events, drawn from the charging sessions at its own sites
/// that the import kept in its store (<c>--fleet-source sessions</c>, the default) or synthetic
/// (<c>--fleet-source synthetic</c>); without, it answers dispatch calls with a refusal.
/// </summary>
public static class MemberVerb
{
    /// <summary>Runs the verb until interrupted (or until its parent process ends).</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var name = line.Required("name");
        var dataDir = Path.GetFullPath(line.Required("data-dir"));
        var rpc = line.Required("rpc");
        var addresses = new ConsortiumAddresses(
            ParseAddress(line, "registry"),
            ParseAddress(line, "rounds"),
            ParseAddress(line, "token"),
            ParseAddress(line, "dispatch"));
        var chain = ChainOptionsParser.Parse(line);
        var port = line.Int("port", 0, 0, 65535);
        var parentPid = line.Int("parent-pid", 0, 0);
        var windowStride = line.Int("window-stride", 1, 1, 168);
        var privacy = line.Text("dp-epsilon") is null ? null : new MemberPrivacy(
            line.Double("dp-epsilon", 0, 1e-3, 1e3),
            line.Double("dp-delta", 1e-5, 1e-12, 0.1),
            line.Double("dp-clip", 1.0, 1e-6, 1e6),
            line.Int("dp-rounds", 10, 1, 100_000));
        var fleet = new OperatorFleetOptions(
            line.Int("fleet-evs", 0, 0, 10_000_000),
            line.Int("fleet-seed", 1),
            line.Double("unplug-share", DeliveryMeter.DefaultUnplugShare, 0, 1),
            (line.Text("fleet-source") ?? "sessions") switch
            {
                "sessions" => OperatorFleetSource.Sessions,
                "synthetic" => OperatorFleetSource.Synthetic,
                var other => throw new UsageException($"option --fleet-source must be sessions or synthetic, got '{other}'"),
            },
            line.Int("exact-limit", LocalFleetOperator.DefaultExactVehicleLimit, 0, 1_000_000));
        line.RejectUnknown();

        using var store = new NodeStore(Path.Combine(dataDir, "node.db"));
        var identity = store.GetOrCreateIdentity(name, () => ChainAccount.Generate().PrivateKey);
        var ledger = new ConsortiumLedger(rpc, identity.PrivateKey, addresses, chain);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(MemberVerb).Assembly.GetName().Name });
        builder.AddConsortiumMember(new MemberHostOptions(name, store, ledger, port, windowStride, privacy, fleet));
        await using var app = builder.Build();
        app.MapConsortiumMember();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"LISTENING {address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)}");
        Console.Out.Flush();

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

    private static ChainAddress ParseAddress(CommandLine line, string option)
    {
        var text = line.Required(option);
        return ChainAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"option --{option} must be a 0x-prefixed 20-byte address, got '{text}'");
    }
}
