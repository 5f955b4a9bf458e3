using Consortium.Fl.Evaluation;

namespace Consortium.Experiments.Forecasting;

/// <summary>How one (honest) operator's forecasts did in a setting.</summary>
/// <param name="Name">The operator.</param>
/// <param name="Test">Errors over every test window (each hour a forecast start, 24 hours ahead).</param>
/// <param name="Validation">Errors over every validation window; used to pick the best setting without looking at the test part.</param>
/// <param name="DayAhead">Errors of the day-ahead forecasts issued at each test midnight, the ones the regional sum adds up.</param>
public sealed record OperatorOutcome(string Name, ForecastErrors Test, ForecastErrors Validation, ForecastErrors DayAhead);
