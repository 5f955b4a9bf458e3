using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Member;
using Consortium.Node.Store;
using Consortium.Node.Tests.Federation.Ledger;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consortium.Node.Tests.Federation.Member;

/// <summary>
/// An automaker's member node called directly on an in-memory round ledger, on real cells of the bundled table: it trains
/// the battery-health task only, splits its cells whole, and answers the wear call only for a finalized battery round's
/// model, with sums by chemistry.
/// </summary>
public sealed class BatteryHealthMemberTests : IDisposable
{
    /// <summary>Six cells of each of two TJU chemistries: a small automaker with a chemistry mix.</summary>
    private static readonly Lazy<IReadOnlyList<BatteryCell>> Cells = new(() =>
    {
        var tju = BundledBatteryData.Load(out _)["TJU"];
        return [.. tju.GroupBy(c => c.Chemistry).OrderBy(g => g.Key, StringComparer.Ordinal).Take(2).SelectMany(g => g.Take(6))];
    });

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"consortium-battery-member-{Guid.NewGuid():N}");
    private readonly InMemoryChain _chain = InMemoryChain.WithOperators(2);
    private readonly NodeStore _store;
    private readonly FederatedMember _member;

    public BatteryHealthMemberTests()
    {
        Directory.CreateDirectory(_directory);
        _store = new NodeStore(Path.Combine(_directory, "node.db"));
        _store.SaveCells(Cells.Value);
        var account = InMemoryChain.Account(1).Address;
        _member = new FederatedMember(new BatteryHealthTask(_store), "automaker", _store, _chain.RoundsAs(account), account, NullLogger<FederatedMember>.Instance);
    }

    private IRoundLedger Coordinator => _chain.RoundsAs(InMemoryChain.Account(0).Address);

    [Fact]
    public async Task SplitsItsCellsWholeIntoTrainingValidationAndTestCells()
    {
        var task = (BatteryHealthTask)_member.TrainedTask;
        var split = task.Split;
        var ids = split.Train.Concat(split.Validation).Concat(split.Test).Select(c => c.Id).ToList();

        Assert.Equal(Cells.Value.Count, ids.Distinct().Count());
        Assert.Equal(Cells.Value.Count, ids.Count);
        Assert.NotEmpty(split.Validation);
        Assert.NotEmpty(split.Test);
        var profile = await _member.DescribeAsync(CancellationToken.None);
        Assert.Equal(split.Train.Sum(c => c.Cycles.Count), profile.TrainSamples);
        Assert.Equal(split.Validation.Sum(c => c.Cycles.Count), profile.ValidationSamples);
    }

    [Fact]
    public async Task TrainsABatteryRoundAndCommitsItsUpdateButRefusesALoadForecastRound()
    {
        var model = Model(seed: 1);
        var battery = await OpenAsync(FederatedTask.BatteryHealth, model);
        var forecast = await OpenAsync(FederatedTask.LoadForecast, model);

        var update = await _member.TrainAsync(new TrainAssignment((long)battery, model, Keccak.Hash(model), 1, 7), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _member.TrainAsync(new TrainAssignment((long)forecast, model, Keccak.Hash(model), 1, 7), CancellationToken.None));

        Assert.Equal(update.UpdateHash, (await Coordinator.GetCommitmentAsync(battery, _member.Address)).UpdateHash);
        Assert.IsType<BatteryModelArchitecture>(ModelCheckpoint.FromBytes(update.Update).Architecture);
        Assert.NotEqual(ModelCheckpoint.FromBytes(model).Parameters, ModelCheckpoint.FromBytes(update.Update).Parameters);
        Assert.True(update.LocalOnlyValidationRmse > 0 && update.SeasonalNaiveValidationRmse > 0);
        Assert.Contains("trains the battery-health model", refused.Message, StringComparison.Ordinal);
        Assert.False((await Coordinator.GetCommitmentAsync(forecast, _member.Address)).IsCommitted);
    }

    [Fact]
    public async Task EvaluatesInPercentagePointsAgainstTheTrainingMean()
    {
        var model = Model(seed: 1);
        var roundId = await OpenAsync(FederatedTask.BatteryHealth, model);
        var update = await _member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 3, 7), CancellationToken.None);
        await Coordinator.FinalizeRoundAsync(RoundScoreTable.Create(roundId, [], []), Keccak.Hash(update.Update));

        var result = await _member.EvaluateAsync(EvaluationRequest.ForModels((long)roundId, [new CandidateModel("new", update.Update)], EvaluationSplit.Validation), CancellationToken.None);

        var errors = Assert.Single(result.Candidates);
        Assert.Equal("training-mean+recent-slope", result.SeasonalNaive.Label);
        // The estimates of every validation cycle and the forecasts of every horizon the validation cells measured.
        var split = ((BatteryHealthTask)_member.TrainedTask).Split;
        var forecasts = Enumerable.Range(0, split.FadeValidationSamples.Count).Sum(i => Enumerable.Range(0, 3).Count(h => split.FadeValidationSamples.HasTarget(i, h)));
        Assert.Equal(split.ValidationSamples.Count + forecasts, errors.Count);
        Assert.InRange(errors.Rmse, 0.01, 50);
    }

    [Fact]
    public async Task AnswersTheWearCallWithFadeSumsByChemistryOnlyForAFinalizedBatteryRoundsModel()
    {
        var model = Model(seed: 1);
        var roundId = await OpenAsync(FederatedTask.BatteryHealth, model);
        var update = await _member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 3, 7), CancellationToken.None);

        var open = await Assert.ThrowsAsync<InvalidOperationException>(() => _member.WearAsync((long)roundId, update.Update, CancellationToken.None));
        await Coordinator.FinalizeRoundAsync(RoundScoreTable.Create(roundId, [], []), Keccak.Hash(update.Update));
        var other = await Assert.ThrowsAsync<ArgumentException>(() => _member.WearAsync((long)roundId, model, CancellationToken.None));
        var fades = await _member.WearAsync((long)roundId, update.Update, CancellationToken.None);

        Assert.Contains("not a finalized battery-health round", open.Message, StringComparison.Ordinal);
        Assert.Contains($"round {roundId} was finalized with", other.Message, StringComparison.Ordinal);
        // One forecast from every cycle with the forecaster's history behind it, of every cell.
        var chemistries = Cells.Value.GroupBy(c => c.Chemistry).ToDictionary(g => g.Key, g => g.Sum(c => Math.Max(0, c.Cycles.Count - BatteryHealthTask.MinimumFadeCycles)));
        Assert.Equal(chemistries.Keys.Order(StringComparer.Ordinal), fades.Select(f => f.Chemistry));
        foreach (var fade in fades)
        {
            Assert.InRange(fade.Samples, chemistries[fade.Chemistry] * 9 / 10, chemistries[fade.Chemistry] + Cells.Value.Count);
            Assert.True(double.IsFinite(fade.SumFadePerCycle));
        }
    }

    public void Dispose()
    {
        _member.Dispose();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] Model(ulong seed)
    {
        var architecture = BatteryModelArchitecture.Default;
        return new ModelCheckpoint(architecture, BatteryModel.InitialParameters(architecture, seed)).ToBytes();
    }

    private async Task<ulong> OpenAsync(FederatedTask task, byte[] model)
    {
        var now = _chain.Now;
        return (await Coordinator.OpenRoundAsync(task, Keccak.Hash(model), now.AddMinutes(10), now.AddHours(1))).RoundId;
    }
}
