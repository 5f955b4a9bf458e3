namespace Consortium.Dispatch.Targets;

/// <summary>What a grid party's request asks of the dispatch: the target and the prices it is met at.</summary>
/// <param name="TargetKw">Target aggregate power per step, in kW (a fresh array, the caller's to keep).</param>
/// <param name="Costs">The cost model, with the request's deviation penalty.</param>
public sealed record DispatchTarget(double[] TargetKw, DispatchCosts Costs);
