namespace Consortium.Network.Federation;

/// <summary>Which chronological part of its data a member evaluates on.</summary>
public enum EvaluationSplit
{
    /// <summary>The validation period (used for scoring).</summary>
    Validation,

    /// <summary>The held-out test period (used for reporting only).</summary>
    Test,
}
