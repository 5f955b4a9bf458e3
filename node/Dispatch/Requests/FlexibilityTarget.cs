namespace Consortium.Node.Dispatch.Requests;

/// <summary>What a flexibility request asks of the dispatch.</summary>
/// <param name="TargetKw">Target aggregate power per step, in kW (a fresh array, the caller's to keep).</param>
/// <param name="Costs">The cost model, with the request's deviation penalty.</param>
public sealed record FlexibilityTarget(double[] TargetKw, DispatchCosts Costs);
