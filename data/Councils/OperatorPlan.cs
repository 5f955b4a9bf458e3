namespace Consortium.Data.Councils;

/// <summary>One operator of a demo consortium: a council's network, or a group of its sites.</summary>
/// <param name="Name">Short name, also the folder of the operator's store.</param>
/// <param name="Council">The council whose sessions the operator holds.</param>
/// <param name="Sites">Normalized site names.</param>
/// <param name="EnergyKWh">Energy of the operator's sites over the period.</param>
public sealed record OperatorPlan(string Name, string Council, IReadOnlyList<string> Sites, double EnergyKWh);
