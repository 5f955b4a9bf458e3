using System.Text.Json.Serialization;

namespace Consortium.Experiments.Dispatch;

/// <summary>One chemistry's share of a dispatch's wear, as the simulation reports it.</summary>
/// <param name="Chemistry">The chemistry's name as the battery data writes it.</param>
/// <param name="Vehicles">Vehicles of that chemistry in the fleets.</param>
/// <param name="DischargedKwh">Energy they discharged to the grid, kWh.</param>
/// <param name="WearCost">That energy at the chemistry's wear price.</param>
public sealed record ChemistryWearFigures(
    [property: JsonPropertyName("chemistry")] string Chemistry,
    [property: JsonPropertyName("vehicles")] int Vehicles,
    [property: JsonPropertyName("dischargedKWh")] double DischargedKwh,
    [property: JsonPropertyName("wearCost")] double WearCost);
