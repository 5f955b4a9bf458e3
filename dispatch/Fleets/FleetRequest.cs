namespace Consortium.Dispatch.Fleets;

/// <summary>
/// A grid party's request: the aggregate power it wants from the consortium at each 15-minute step,
/// and the operators' fleets that may serve it.
/// </summary>
public sealed class FleetRequest
{
    /// <summary>Length of one dispatch step, in hours.</summary>
    public const double StepHours = 0.25;

    /// <summary>Checks the request and keeps its arrays (they are not copied).</summary>
    /// <param name="horizonSteps">Number of 15-minute steps; 96 is one day.</param>
    /// <param name="targetKw">Wanted aggregate power per step, in kW (positive draws from the grid).</param>
    /// <param name="fleets">One fleet per operator.</param>
    /// <exception cref="ArgumentException">A field is missing, has the wrong length or holds a non-finite value; the message names it.</exception>
    public FleetRequest(int horizonSteps, double[] targetKw, IReadOnlyList<Fleet> fleets)
    {
        if (horizonSteps <= 0)
        {
            throw new ArgumentException($"The horizon must be at least one step, not {horizonSteps}.", nameof(horizonSteps));
        }

        ArgumentNullException.ThrowIfNull(targetKw);
        if (targetKw.Length != horizonSteps)
        {
            throw new ArgumentException($"Expected {horizonSteps} target values, one per step, but got {targetKw.Length}.", nameof(targetKw));
        }

        for (var t = 0; t < targetKw.Length; t++)
        {
            if (!double.IsFinite(targetKw[t]))
            {
                throw new ArgumentException($"The target at step {t} is {targetKw[t]}, not a finite number of kW.", nameof(targetKw));
            }
        }

        ArgumentNullException.ThrowIfNull(fleets);
        if (fleets.Count == 0)
        {
            throw new ArgumentException("At least one operator's fleet is needed.", nameof(fleets));
        }

        for (var f = 0; f < fleets.Count; f++)
        {
            var fleet = fleets[f] ?? throw new ArgumentException($"Fleet {f} is null.", nameof(fleets));
            for (var i = 0; i < fleet.Count; i++)
            {
                if (fleet.Departure[i] > horizonSteps)
                {
                    throw new ArgumentException($"Vehicle {i} of fleet {f} departs at step {fleet.Departure[i]}, after the horizon of {horizonSteps}.", nameof(fleets));
                }
            }
        }

        HorizonSteps = horizonSteps;
        TargetKw = targetKw;
        Fleets = fleets;
    }

    /// <summary>Number of 15-minute steps.</summary>
    public int HorizonSteps { get; }

    /// <summary>Wanted aggregate power per step, in kW.</summary>
    public double[] TargetKw { get; }

    /// <summary>One fleet per operator.</summary>
    public IReadOnlyList<Fleet> Fleets { get; }
}
