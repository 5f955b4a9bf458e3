namespace Consortium.Fl.Battery;

/// <summary>
/// A forecaster's errors on a set of samples: per horizon in <see cref="CapacityFadeArchitecture.Horizons"/> order, the
/// additive sums of the state-of-health forecasts against the measured state of health at t + h. Members' errors pool
/// with <see cref="Pool"/>.
/// </summary>
public sealed record CapacityFadeErrors
{
    /// <summary>Errors with the given sums per horizon.</summary>
    /// <exception cref="ArgumentException">Not one sum per horizon.</exception>
    public CapacityFadeErrors(IReadOnlyList<SohErrorSums> perHorizon)
    {
        ArgumentNullException.ThrowIfNull(perHorizon);
        if (perHorizon.Count != CapacityFadeArchitecture.Outputs)
        {
            throw new ArgumentException($"The forecaster has {CapacityFadeArchitecture.Outputs} horizons, the errors {perHorizon.Count}.", nameof(perHorizon));
        }

        PerHorizon = [.. perHorizon];
    }

    /// <summary>The sums per horizon, in <see cref="CapacityFadeArchitecture.Horizons"/> order.</summary>
    public IReadOnlyList<SohErrorSums> PerHorizon { get; }

    /// <summary>Every horizon's forecasts together.</summary>
    public SohErrorSums AllHorizons => PerHorizon.Aggregate(default(SohErrorSums), (sum, h) => sum + h);

    /// <summary>The sums of <paramref name="horizon"/> cycles ahead.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a horizon of the forecaster.</exception>
    public SohErrorSums At(int horizon) => PerHorizon[CapacityFadeArchitecture.HorizonIndex(horizon)];

    /// <summary>Several members' errors as if computed on all their samples at once.</summary>
    /// <exception cref="ArgumentException">No errors to pool.</exception>
    public static CapacityFadeErrors Pool(IEnumerable<CapacityFadeErrors> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var sums = new SohErrorSums[CapacityFadeArchitecture.Outputs];
        var any = false;
        foreach (var member in members)
        {
            ArgumentNullException.ThrowIfNull(member);
            for (var k = 0; k < sums.Length; k++)
            {
                sums[k] += member.PerHorizon[k];
            }

            any = true;
        }

        return any ? new CapacityFadeErrors(sums) : throw new ArgumentException("There are no errors to pool.", nameof(members));
    }
}
