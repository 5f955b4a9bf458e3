namespace Consortium.Data.Sessions;

/// <summary>
/// One charging session as logged by a charge point operator, after validation.
/// Times are local wall-clock times as published (no time zone conversion).
/// </summary>
/// <param name="Site">Normalized site name (spelling variants of one site share one name).</param>
/// <param name="ChargePointId">Charge point identifier as published.</param>
/// <param name="Start">Local start time.</param>
/// <param name="End">Local end time, strictly after <paramref name="Start"/>.</param>
/// <param name="EnergyKWh">Energy delivered in the session, kWh, non-negative.</param>
/// <param name="RatedPowerKw">Rated power of the charger in kW, or <see langword="null"/> when the model is unknown.</param>
/// <param name="Chemistry">The vehicle's pack chemistry as the battery data writes it (one of
/// <see cref="PackChemistries.Names"/>), or <see langword="null"/> when the file does not say.</param>
public sealed record ChargingSession(
    string Site,
    string ChargePointId,
    DateTime Start,
    DateTime End,
    double EnergyKWh,
    double? RatedPowerKw,
    string? Chemistry = null);
