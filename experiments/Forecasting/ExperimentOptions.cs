using Consortium.Fl.Models;

namespace Consortium.Experiments.Forecasting;

/// <summary>How the experiment trains and attacks; the same for every setting, so settings differ only in what they name.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Federated rounds; local-only and centralized train for <see cref="Rounds"/> × <see cref="LocalEpochs"/> epochs.</summary>
    public int Rounds { get; init; } = 20;

    /// <summary>Local epochs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>Hours between training windows (evaluation always reads every window).</summary>
    public int WindowStride { get; init; } = 2;

    /// <summary>Windows per Adam step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam step size of local training.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Fixes the initial model and every minibatch order.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>The forecast network every setting trains.</summary>
    public ForecastModelKind Model { get; init; } = ForecastModelKind.Mlp;

    /// <summary>Settings run at the same time, each on one TorchSharp thread.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The strategies of the federated settings without attack (<see cref="StrategyCatalog.Strategies"/> or some of them).</summary>
    public IReadOnlyList<string> Strategies { get; init; } = StrategyCatalog.Strategies;

    /// <summary>FedProx's μ.</summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>How much a sign-flip attacker scales its negated change.</summary>
    public double SignFlipFactor { get; init; } = 5;

    /// <summary>How much a scaled attacker multiplies its change.</summary>
    public double ScaledFactor { get; init; } = 10;

    /// <summary>How much a label-corruption attacker stretches its mirrored days (1: a plain mirror image).</summary>
    public double LabelCorruptionFactor { get; init; } = 1;

    /// <summary>The attacked consortia: (attackers, members).</summary>
    public IReadOnlyList<(int Attackers, int Members)> AttackConsortia { get; init; } = [(1, 5), (2, 7)];

    /// <summary>Operators of the base consortium cut from the bundled data.</summary>
    public int Operators { get; init; } = 3;

    /// <summary>The privacy targets ε of the DP settings.</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [1, 3, 8];

    /// <summary>The δ of every DP setting.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>
    /// C, the L2 bound each DP member clips its update's change to; null for the median change norm of
    /// the members' first-round updates (a value a consortium would fix beforehand from a public run).
    /// </summary>
    public double? DpClipNorm { get; init; }

    /// <summary>The consortium sizes the DP settings run at, local and on the secure sum, each against its own non-private FedAvg.</summary>
    public IReadOnlyList<int> DpConsortia { get; init; } = [3, 7];

    /// <summary>Whether the DP settings also run on the consortium of one member per site with load (the most the data allows).</summary>
    public bool DpBySite { get; init; } = true;

    /// <summary>On the secure sum, m − m_min: inputs that may be missing (dropped or colluding) with the guarantee kept.</summary>
    public int DpSumSlack { get; init; } = 1;

    /// <summary>
    /// Member counts beyond the data at which DP on the secure sum is simulated on the per-site consortium
    /// (<see cref="SecureSumSimulation.SimulatedMeanChange"/>), at ε = <see cref="DpSimulatedEpsilon"/>.
    /// </summary>
    public IReadOnlyList<int> DpSimulatedMembers { get; init; } = [100, 300, 1000, 3000, 10000];

    /// <summary>The ε of the simulated settings.</summary>
    public double DpSimulatedEpsilon { get; init; } = 8;

    /// <summary>Throws unless every value is usable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(LocalEpochs, 1, nameof(LocalEpochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowStride, 1, nameof(WindowStride));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(Operators, 2, nameof(Operators));
        foreach (var (attackers, members) in AttackConsortia)
        {
            if (attackers < 1 || members < 2 || attackers * 2 >= members)
            {
                throw new ArgumentOutOfRangeException(nameof(AttackConsortia), $"{attackers} of {members}", "Attackers must be at least one and a minority of the members.");
            }
        }

        foreach (var strategy in Strategies)
        {
            if (!StrategyCatalog.Strategies.Contains(strategy))
            {
                throw new ArgumentOutOfRangeException(nameof(Strategies), strategy, $"Strategies are {string.Join(", ", StrategyCatalog.Strategies)}.");
            }
        }

        foreach (var epsilon in Epsilons)
        {
            if (!(epsilon > 0) || !double.IsFinite(epsilon))
            {
                throw new ArgumentOutOfRangeException(nameof(Epsilons), epsilon, "Every ε must be positive and finite.");
            }
        }

        foreach (var size in DpConsortia)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 2, nameof(DpConsortia));
        }

        foreach (var size in DpSimulatedMembers)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 2, nameof(DpSimulatedMembers));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DpSumSlack, nameof(DpSumSlack));
        if (!(DpSimulatedEpsilon > 0) || !double.IsFinite(DpSimulatedEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(DpSimulatedEpsilon), DpSimulatedEpsilon, "The ε of the simulated settings must be positive and finite.");
        }

        if (DpClipNorm is { } clip && (!(clip > 0) || !double.IsFinite(clip)))
        {
            throw new ArgumentOutOfRangeException(nameof(DpClipNorm), clip, "The DP clip norm must be positive and finite.");
        }

        if (!(Delta is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Delta), Delta, "δ must lie in (0, 1).");
        }
    }
}
