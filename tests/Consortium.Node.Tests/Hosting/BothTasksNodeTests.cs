using Consortium.Contracts.Ledger;
using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Hosting;
using Consortium.Node.Store;
using Grpc.Core;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// Operators' nodes as <c>consortium run</c> processes on a real chain, two of them also holding battery cells: those
/// two take part in the battery-health task as well as the load forecast, each round trained by the task the chain
/// records for it; the third is asked about the battery task, says it does not train it, and stays out without being
/// reported unreachable.
/// </summary>
public sealed class BothTasksNodeTests() : ChainAndFolder("consortium-both-tasks-")
{
    [Fact]
    public async Task NodesHoldingCellsAndSessionsTrainBothTasksAndTheOthersStayOutOfTheBatteryRounds()
    {
        using var consortium = await ImportedConsortium.DeployAsync(Chain, DataDir, 3);
        var tju = BundledBatteryData.Load(out _)["TJU"];
        for (var i = 0; i < 2; i++)
        {
            using var store = new NodeStore(consortium.Homes[i].StorePath);
            store.SaveCells([.. tju.Where(c => c.Chemistry == (i == 0 ? "NCA" : "NCM")).Take(5)]);
        }

        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        await using var first = consortium.StartMember(0, log);
        await using var second = consortium.StartMember(1, log);
        await using var third = consortium.StartMember(2, log);
        var endpoints = await Task.WhenAll(first.Listening, second.Listening, third.Listening).WaitAsync(TimeSpan.FromMinutes(2));

        var (forecasters, forecastUnreachable) = await ChainMembers.ConnectAsync(
            consortium.Ledger.Registry, consortium.CoordinatorCertificate, TimeSpan.FromSeconds(30), CancellationToken.None, FederatedTask.LoadForecast);
        var (automakers, batteryUnreachable) = await ChainMembers.ConnectAsync(
            consortium.Ledger.Registry, consortium.CoordinatorCertificate, TimeSpan.FromSeconds(30), CancellationToken.None, FederatedTask.BatteryHealth);
        using var outsider = new FederatedMemberClient(endpoints[2], consortium.Credentials(2));
        var refused = await Assert.ThrowsAsync<RpcException>(() => outsider.DescribeAsync(TimeSpan.FromSeconds(30), (uint)FederatedTask.BatteryHealth));

        Assert.Contains($"[{consortium.Plans[0].Name}] Trains the load forecast and the battery-health model.", written.ToString(), StringComparison.Ordinal);
        Assert.Contains($"[{consortium.Plans[2].Name}] Trains the load forecast.", written.ToString(), StringComparison.Ordinal);
        Assert.Empty(forecastUnreachable);
        Assert.Empty(batteryUnreachable);
        Assert.Equal(consortium.Plans.Select(p => p.Name), forecasters.Select(m => m.Name));
        Assert.Equal(consortium.Plans.Take(2).Select(p => p.Name), automakers.Select(m => m.Name));
        Assert.All(forecasters, m => Assert.Equal((uint)FederatedTask.LoadForecast, m.Profile.Task));
        Assert.All(automakers, m => Assert.Equal((uint)FederatedTask.BatteryHealth, m.Profile.Task));
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
        Assert.Contains("does not train task 2", refused.Status.Detail, StringComparison.Ordinal);

        // One round of each task; the two nodes in both train each round with that round's task's data and model.
        var battery = await RunRoundAsync(consortium, automakers, FederatedTask.BatteryHealth);
        var forecast = await RunRoundAsync(consortium, forecasters, FederatedTask.LoadForecast);

        Assert.True(battery.QuorumReached, Why(battery, written));
        Assert.True(forecast.QuorumReached, Why(forecast, written));
        Assert.Equal(consortium.Keys.Take(2), battery.Updates.Select(u => u.Member));
        Assert.Equal(consortium.Keys, forecast.Updates.Select(u => u.Member));
        Assert.Equal(automakers.Select(m => m.Profile.TrainSamples), battery.Updates.Select(u => u.TrainSamples));
        Assert.Equal(FederatedTask.BatteryHealth, (await consortium.Ledger.Rounds.GetRoundAsync(battery.RoundId)).Task);
        Assert.Equal(FederatedTask.LoadForecast, (await consortium.Ledger.Rounds.GetRoundAsync(forecast.RoundId)).Task);
        foreach (var member in automakers.Concat(forecasters))
        {
            member.Client.Dispose();
        }
    }

    private static string Why(RoundOutcome round, StringWriter log) =>
        string.Join("; ", round.Exclusions.Select(e => e.ToString())) + Environment.NewLine + log;

    private async Task<RoundOutcome> RunRoundAsync(ImportedConsortium consortium, IReadOnlyList<RemoteMember> members, FederatedTask task)
    {
        using var store = new NodeStore(Path.Combine(DataDir, $"coordinator-{task}", "node.db"));
        ModelCheckpoint initial = task == FederatedTask.BatteryHealth
            ? new(BatteryModelArchitecture.Default, BatteryModel.InitialParameters(BatteryModelArchitecture.Default, 1))
            : new(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));
        var options = new CoordinatorOptions(
            LocalEpochs: 1,
            Seed: 1,
            TrainTimeout: TimeSpan.FromMinutes(2),
            EvaluateTimeout: TimeSpan.FromMinutes(2),
            RoundDeadline: TimeSpan.FromHours(1),
            Quorum: members.Count)
        {
            Task = task,
        };
        var coordinator = new RoundCoordinator(consortium.Ledger.Rounds, store, members, initial, options, new FedAvg(), TextWriter.Null);
        return await coordinator.RunRoundAsync(1, CancellationToken.None);
    }
}
