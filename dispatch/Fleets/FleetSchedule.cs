namespace Consortium.Dispatch.Fleets;

/// <summary>
/// Setpoints for every vehicle of one fleet at every step, in kW at the grid (positive charges,
/// negative discharges), stored step by step so that one step's setpoints are contiguous.
/// </summary>
public sealed class FleetSchedule
{
    private readonly float[] _powerKw;

    /// <summary>An all-zero schedule for the fleet over the horizon.</summary>
    public FleetSchedule(Fleet fleet, int horizonSteps)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonSteps);
        Fleet = fleet;
        HorizonSteps = horizonSteps;
        _powerKw = new float[checked(fleet.Count * horizonSteps)];
    }

    /// <summary>The fleet scheduled.</summary>
    public Fleet Fleet { get; }

    /// <summary>Number of steps.</summary>
    public int HorizonSteps { get; }

    /// <summary>Setpoint of one vehicle at one step, in kW.</summary>
    public float PowerKw(int step, int vehicle) => _powerKw[step * Fleet.Count + vehicle];

    /// <summary>All setpoints of one step, indexed by vehicle.</summary>
    public Span<float> Step(int step) => _powerKw.AsSpan(step * Fleet.Count, Fleet.Count);

    /// <summary>Writes the fleet's aggregate power per step, in kW.</summary>
    public void Aggregate(Span<double> aggregateKw)
    {
        for (var t = 0; t < HorizonSteps; t++)
        {
            var total = 0.0;
            foreach (var p in Step(t))
            {
                total += p;
            }

            aggregateKw[t] = total;
        }
    }
}
