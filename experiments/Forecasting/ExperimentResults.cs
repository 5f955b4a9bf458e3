namespace Consortium.Experiments.Forecasting;

/// <summary>Everything an experiment measured.</summary>
/// <param name="Source">Where the sessions came from.</param>
/// <param name="Options">How it trained.</param>
/// <param name="Settings">One result per setting, in plan order.</param>
/// <param name="Seconds">Wall-clock time of all settings.</param>
/// <param name="TrainingRuns">Local trainings run.</param>
/// <param name="TrainingReuses">Local trainings served from an identical earlier run.</param>
/// <param name="Notes">What was left out and why.</param>
public sealed record ExperimentResults(
    string Source,
    ExperimentOptions Options,
    IReadOnlyList<SettingResult> Settings,
    double Seconds,
    int TrainingRuns,
    int TrainingReuses,
    IReadOnlyList<string> Notes);
