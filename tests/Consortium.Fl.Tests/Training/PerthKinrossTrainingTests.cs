using Consortium.Data.Councils;
using Consortium.Data.Loads;
using Consortium.Data.Sessions;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Training;
using Xunit.Abstractions;

namespace Consortium.Fl.Tests.Training;

/// <summary>The forecast core on a real operator: Perth &amp; Kinross council's chargers, September 2017 to August 2018.</summary>
public class PerthKinrossTrainingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ForecastModelKind.Gru, 1)]
    [InlineData(ForecastModelKind.Mlp, 3)]
    public void LocalTrainingBeatsBothTheUntrainedModelAndSeasonalNaiveOnValidationHours(ForecastModelKind kind, int epochs)
    {
        var sessions = new SessionCsvReader().ReadFile(Path.Combine(ScottishCouncilData.LocateRoot(), "perth-kinross", "sept17toaug18standardisedcorrected.csv.gz"));
        var sites = LoadSeriesBuilder.PerSite(sessions, new DateTime(2017, 9, 1), new DateTime(2018, 9, 1));
        var council = HourlyLoadSeries.Sum("perth-kinross", [.. sites.Values]);
        var split = ForecastSplit.Chronological(council.Kw, council.FirstHour);
        var architecture = LoadForecastArchitecture.For(kind);
        var untrained = new ModelCheckpoint(architecture, architecture.InitialParameters(1));

        var trained = LocalTrainer.Train(untrained, split.Train, new LocalTrainingOptions(Epochs: epochs, Seed: 1));

        var before = ForecastEvaluator.Evaluate(untrained, split.Validation);
        var after = ForecastEvaluator.Evaluate(trained.Model, split.Validation);
        var naive = ForecastEvaluator.SeasonalNaive(split.Validation);
        output.WriteLine($"{architecture.Describe()}: {split.Train.Count} training windows, {epochs} epochs, scale {split.History.ScaleKw:F2} kW");
        output.WriteLine($"untrained: {before}");
        output.WriteLine($"trained:   {after}");
        output.WriteLine($"naive:     {naive}");
        Assert.True(after.RmseKw < 0.8 * before.RmseKw, $"validation RMSE {after.RmseKw:F2} kW trained, {before.RmseKw:F2} kW untrained");
        Assert.True(after.RmseKw < naive.RmseKw, $"validation RMSE {after.RmseKw:F2} kW trained, {naive.RmseKw:F2} kW seasonal naive");
    }
}
