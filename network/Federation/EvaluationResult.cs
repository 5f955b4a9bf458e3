namespace Consortium.Network.Federation;

/// <summary>A member's error sums for each candidate, plus the seasonal-naive baseline on the same hours.</summary>
public sealed record EvaluationResult(IReadOnlyList<ErrorSums> Candidates, ErrorSums SeasonalNaive);
