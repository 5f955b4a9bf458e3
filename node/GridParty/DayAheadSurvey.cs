using Consortium.Dispatch.DayAhead;

namespace Consortium.Node.GridParty;

/// <summary>
/// What the consortium shows a grid party the day before, in aggregate only: its operators' forecast uncontrolled
/// charging and V2G discharge capacity summed (each operator's median day), and their flexibility offers summed by
/// quantile when every operator made one.
/// </summary>
/// <param name="UncontrolledKw">The summed forecast uncontrolled charging, kW per step.</param>
/// <param name="DischargeCapacityKw">The summed forecast discharge capacity of plugged-in V2G vehicles, kW per step.</param>
/// <param name="Offer">The consortium's day-ahead offer; null when an operator made none.</param>
public sealed record DayAheadSurvey(double[] UncontrolledKw, double[] DischargeCapacityKw, FlexibilityForecast? Offer);
