namespace Consortium.Experiments.Forecasting;

/// <summary>The (ε, δ) every member of a DP setting must stay within over all the experiment's rounds.</summary>
/// <param name="Epsilon">Target ε.</param>
/// <param name="Delta">Target δ.</param>
public sealed record PrivacyTarget(double Epsilon, double Delta);
