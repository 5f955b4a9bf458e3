namespace Consortium.Experiments.Forecasting;

/// <summary>One of the targets, checked.</summary>
/// <param name="Name">Short identifier, e.g. "federated-vs-centralized".</param>
/// <param name="Description">The target in words.</param>
/// <param name="Passed">Whether the results meet it.</param>
/// <param name="Ratio">The measured ratio (setting RMSE over reference RMSE).</param>
/// <param name="Threshold">The ratio the target allows (at most, or for "hurt" at least).</param>
/// <param name="Setting">The setting measured.</param>
/// <param name="Reference">The setting it is measured against.</param>
public sealed record TargetCheck(string Name, string Description, bool Passed, double Ratio, double Threshold, string Setting, string Reference);
