namespace Consortium.Dispatch.Exact;

/// <summary>How the battery energy of each vehicle enters the programme (<see cref="FleetProgramme"/>).</summary>
internal enum EnergyForm
{
    /// <summary>One energy variable and one balance equality per vehicle-step.</summary>
    Explicit,

    /// <summary>Cumulative sums of the setpoints, O(stay²) nonzeros per vehicle.</summary>
    Cumulative,
}
