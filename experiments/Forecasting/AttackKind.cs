namespace Consortium.Experiments.Forecasting;

/// <summary>How a malicious member poisons the federation.</summary>
public enum AttackKind
{
    /// <summary>Trains honestly, then sends the global model minus its update's change scaled by the factor.</summary>
    SignFlip,

    /// <summary>Trains honestly, then sends its update's change multiplied by the factor.</summary>
    Scaled,

    /// <summary>
    /// Trains on corrupted loads, every other day mirrored about its training mean and stretched by the
    /// factor (see <see cref="ExperimentOperator.WithCorruptedLabels"/>), and sends the result as an
    /// ordinary update.
    /// </summary>
    LabelCorruption,
}
