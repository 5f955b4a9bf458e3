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

/// <summary>
/// Every message the operators' nodes receive and send during a secure round, recorded as serialized on the wire: no
/// update, no unmasked input, no load series and no raw session row is in any of them, while the public global model is
/// (so the search finds what is there).
/// </summary>
public sealed class SecureRoundWireTests
{
    [Fact]
    public async Task NoUpdateNoSessionRowAndNoLoadSeriesCrossesTheWire()
    {
        var recorder = new Network.WireRecorder();
        await using var consortium = await InMemoryConsortium.StartAsync(4, recorder);
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options() with { SecureAggregation = true, ClipNorm = 5 });
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.True(outcome.Secure);
        Assert.Equal(4, outcome.Updates.Count);
        Assert.Contains(recorder.Messages, m => m.Method.EndsWith("/SecureMaskedInput", StringComparison.Ordinal));
        Assert.True(recorder.Contains(System.Runtime.InteropServices.MemoryMarshal.AsBytes(start.Parameters.AsSpan(100, 8))), "the global model, which is public, should be found");
        for (var m = 0; m < 4; m++)
        {
            var store = consortium.OperatorStores[m];
            var record = store.GetMemberRound((long)outcome.RoundId)!;
            var update = ModelCheckpoint.FromBytes(store.GetArtifact(record.UpdateHash)!).Parameters;
            var changed = Slices(update, i => update[i] != start.Parameters[i]);
            Assert.NotEmpty(changed);
            Assert.All(changed, slice => Assert.False(recorder.Contains(slice), $"member {m}'s update is on the wire"));

            // The member's unmasked input: its weighted change in fixed point, as it encodes it before masking.
            var weight = Math.Min(1.0, record.TrainSamples / Consortium.Node.Federation.Member.FederatedMember.WeightUnit);
            var input = update.Select((u, i) => (float)(weight * (u - start.Parameters[i]))).Append((float)weight).ToArray();
            var words = new uint[input.Length];
            new Consortium.Network.SecureAggregation.FixedPointEncoding(Consortium.Node.Federation.Member.FederatedMember.SecureRange(5), 4).Encode(input, words);
            var encoded = Slices(words.Select(w => unchecked((float)BitConverter.UInt32BitsToSingle(w))).ToArray(), i => words[i] != 0);
            Assert.All(encoded, slice => Assert.False(recorder.Contains(slice), $"member {m}'s unmasked input is on the wire"));

            foreach (var site in store.LoadSites())
            {
                var series = Slices(site.Kw, i => site.Kw[i] != 0);
                Assert.All(series, slice => Assert.False(recorder.Contains(slice), $"member {m}'s load at {site.Name} is on the wire"));
            }
        }

        Assert.NotEmpty(SessionRows());
        foreach (var row in SessionRows())
        {
            Assert.False(recorder.Contains(System.Text.Encoding.UTF8.GetBytes(row)), $"the session row '{row}' is on the wire");
        }
    }

    [Fact]
    public async Task InAPlainRoundTheSameSearchFindsTheUpdates()
    {
        var recorder = new Network.WireRecorder();
        await using var consortium = await InMemoryConsortium.StartAsync(2, recorder);
        var coordinator = consortium.Coordinator();
        var start = coordinator.Global;

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.False(outcome.Secure);
        var store = consortium.OperatorStores[0];
        var update = ModelCheckpoint.FromBytes(store.GetArtifact(store.GetMemberRound((long)outcome.RoundId)!.UpdateHash)!).Parameters;
        Assert.All(Slices(update, i => update[i] != start.Parameters[i]), slice => Assert.True(recorder.Contains(slice)));
    }

    /// <summary>Up to 20 runs of 8 consecutive values that all pass <paramref name="keep"/>, as their bytes.</summary>
    private static List<byte[]> Slices(float[] values, Func<int, bool> keep)
    {
        var slices = new List<byte[]>();
        for (var start = 0; start + 8 <= values.Length && slices.Count < 20; start += Math.Max(8, values.Length / 40))
        {
            if (Enumerable.Range(start, 8).All(keep))
            {
                slices.Add(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan(start, 8)).ToArray());
            }
        }

        return slices;
    }

    /// <summary>The first data rows of each bundled council export, as they are in the files.</summary>
    private static IEnumerable<string> SessionRows()
    {
        var root = Consortium.Data.Councils.ScottishCouncilData.LocateRoot();
        foreach (var file in Directory.EnumerateFiles(root, "*.csv.gz", SearchOption.AllDirectories).Where(f => !f.Contains("location", StringComparison.OrdinalIgnoreCase)))
        {
            using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress));
            reader.ReadLine();
            for (var i = 0; i < 20 && reader.ReadLine() is { Length: > 20 } row; i++)
            {
                yield return row;
            }
        }
    }
}
