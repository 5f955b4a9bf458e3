using Consortium.Network.Federation;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>The new global model's errors on the validation data of the members that delivered, pooled, beside the seasonal-naive baseline.</summary>
/// <param name="Federated">The aggregated model's pooled error sums.</param>
/// <param name="SeasonalNaive">The seasonal-naive forecast's pooled error sums on the same windows.</param>
public sealed record RoundValidation(ErrorSums Federated, ErrorSums SeasonalNaive);
