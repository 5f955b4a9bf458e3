namespace Consortium.Experiments.Forecasting;

/// <summary>What produces the forecasts of an experiment setting.</summary>
public enum SettingKind
{
    /// <summary>Each hour forecast as the load of the same hour one week earlier; no model.</summary>
    SeasonalNaive,

    /// <summary>Each operator trains its own model on its own data alone.</summary>
    LocalOnly,

    /// <summary>One model trained on every operator's training windows pooled: the upper reference.</summary>
    Centralized,

    /// <summary>One model trained by federated rounds; data never leaves a member.</summary>
    Federated,
}
