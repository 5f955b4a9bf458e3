using Consortium.Fl.Battery;
using Consortium.Fl.Models;

namespace Consortium.Experiments.Battery;

/// <summary>How the battery experiment runs.</summary>
/// <param name="Rounds">Federated rounds; local-only and centralized settings train Rounds × LocalEpochs epochs.</param>
/// <param name="LocalEpochs">Epochs each member trains per round.</param>
/// <param name="Seed">Fixes the split, the initial model and every minibatch order.</param>
/// <param name="TestShare">Share of each member's cells held out for test (whole cells).</param>
public sealed record BatteryExperimentOptions(int Rounds = 20, int LocalEpochs = 1, int Seed = 7, double TestShare = 0.2)
{
    /// <summary>The strategies of the federated settings.</summary>
    public IReadOnlyList<string> Strategies { get; init; } = ["fedavg", "fedprox", "fedadam", "fedyogi"];

    /// <summary>The aggregators the poisoning settings are run with.</summary>
    public IReadOnlyList<string> Aggregators { get; init; } = ["mean", "median", "trimmed-mean:0.34", "multi-krum"];

    /// <summary>The member that poisons its updates in the attack settings.</summary>
    public string Attacker { get; init; } = "TJU";

    /// <summary>How far the attacker pushes against its honest change (sign flip, scaled).</summary>
    public double AttackFactor { get; init; } = 5;

    /// <summary>The newcomer's share of its training cells used for fine-tuning.</summary>
    public double FineTuneShare { get; init; } = 0.1;

    /// <summary>The estimator every setting trains.</summary>
    public BatteryHealthArchitecture Architecture { get; init; } = BatteryHealthArchitecture.Default;

    /// <summary>Which models the experiment trains and tests (<see cref="BatteryModels"/>): both by default.</summary>
    public IReadOnlyList<string> Models { get; init; } = [BatteryModels.Estimator, BatteryModels.Forecaster];

    /// <summary>The capacity-fade forecaster the forecaster settings train.</summary>
    public CapacityFadeArchitecture Forecaster { get; init; } = CapacityFadeArchitecture.Default;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (Rounds < 1 || LocalEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rounds), "Rounds and epochs must be at least 1.");
        }

        if (Models.Count == 0 || Models.Any(m => m is not (BatteryModels.Estimator or BatteryModels.Forecaster)))
        {
            throw new ArgumentException($"Models are one or both of {BatteryModels.Estimator} and {BatteryModels.Forecaster}, not '{string.Join(",", Models)}'.", nameof(Models));
        }

        if (!(TestShare is > 0 and < 1) || !(FineTuneShare is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TestShare), "The test and fine-tuning shares lie between 0 and 1.");
        }
    }
}
