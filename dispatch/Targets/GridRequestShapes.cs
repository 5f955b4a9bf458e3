using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Targets;

/// <summary>
/// Day-ahead shapes a grid party builds from its own view of the consortium's load (the load the fleets would draw
/// uncontrolled, as the party forecasts it), never from the fleets' own plans: each family asks for the same energy as
/// that load over the horizon (the flat one for <c>level</c> times it), moved in time the way a distribution system
/// operator moves load. Every shape is a pure function of the profile it starts from.
/// </summary>
public static class GridRequestShapes
{
    /// <summary>The families, by the name <c>dispatch simulate --request</c> takes.</summary>
    public static IReadOnlyList<string> Families { get; } = ["default", "peak-shave", "valley-fill", "flat", "ramp", "renewable"];

    /// <summary>Each family's <c>--level</c> when none is given.</summary>
    public static double DefaultLevel(string family) => family switch
    {
        "peak-shave" => 0.2,
        "valley-fill" => 0.6,
        "flat" => 1.0,
        "ramp" => 0.5,
        "renewable" => 0.4,
        _ => 0,
    };

    /// <summary>
    /// Peak shaving: the load capped at (1 − <paramref name="share"/>) of its peak, the energy above the cap moved into the
    /// steps below it in proportion to their room under it, so that no step exceeds the cap and the energy stays the same.
    /// </summary>
    /// <param name="loadKw">The load the party forecasts, per step.</param>
    /// <param name="share">The share of the peak shaved off, in (0, 1).</param>
    /// <exception cref="ArgumentException">The share is outside (0, 1), or the load is empty or has a negative or non-finite step.</exception>
    public static double[] PeakShave(IReadOnlyList<double> loadKw, double share)
    {
        Require(loadKw);
        if (!(share is > 0 and < 1))
        {
            throw new ArgumentException($"The share of the peak to shave must lie in (0, 1), not {share}.", nameof(share));
        }

        var cap = (1 - share) * loadKw.Max();
        var target = loadKw.Select(l => Math.Min(l, cap)).ToArray();
        var shaved = loadKw.Sum(l => Math.Max(0, l - cap));
        var room = target.Sum(l => cap - l);
        if (room > 0)
        {
            var moved = Math.Min(1, shaved / room);
            for (var t = 0; t < target.Length; t++)
            {
                target[t] += moved * (cap - target[t]);
            }
        }

        return target;
    }

    /// <summary>
    /// Valley filling: every step below <paramref name="level"/> times the mean load raised to it, the energy taken from the
    /// steps above it in proportion to their excess (never below it), so that the energy stays the same.
    /// </summary>
    /// <param name="loadKw">The load the party forecasts, per step.</param>
    /// <param name="level">The floor as a multiple of the mean load, in (0, 1].</param>
    /// <exception cref="ArgumentException">The level is outside (0, 1], or the load is empty or has a negative or non-finite step.</exception>
    public static double[] ValleyFill(IReadOnlyList<double> loadKw, double level)
    {
        Require(loadKw);
        if (!(level is > 0 and <= 1))
        {
            throw new ArgumentException($"The valley floor must lie in (0, 1] times the mean load, not {level}.", nameof(level));
        }

        var floor = level * loadKw.Average();
        var added = loadKw.Sum(l => Math.Max(0, floor - l));
        var excess = loadKw.Sum(l => Math.Max(0, l - floor));
        var taken = excess > 0 ? Math.Min(1, added / excess) : 0;
        return [.. loadKw.Select(l => l < floor ? floor : l - (taken * (l - floor)))];
    }

    /// <summary>A flat load at <paramref name="level"/> times the mean load at every step.</summary>
    /// <exception cref="ArgumentException">The level is not positive, or the load is empty or has a negative or non-finite step.</exception>
    public static double[] Flat(IReadOnlyList<double> loadKw, double level)
    {
        Require(loadKw);
        if (!(level > 0 && double.IsFinite(level)))
        {
            throw new ArgumentException($"The flat level must be a positive multiple of the mean load, not {level}.", nameof(level));
        }

        var target = new double[loadKw.Count];
        Array.Fill(target, level * loadKw.Average());
        return target;
    }

    /// <summary>
    /// A ramp: the mean load tilted linearly over the horizon, from (1 − <paramref name="slope"/>) times the mean at the first
    /// step to (1 + <paramref name="slope"/>) times it at the last (a falling ramp for a negative slope); the energy stays the same.
    /// </summary>
    /// <exception cref="ArgumentException">The slope is outside [−1, 1], or the load is empty or has a negative or non-finite step.</exception>
    public static double[] Ramp(IReadOnlyList<double> loadKw, double slope)
    {
        Require(loadKw);
        if (!(slope is >= -1 and <= 1))
        {
            throw new ArgumentException($"The ramp's slope must lie in [-1, 1], not {slope}.", nameof(slope));
        }

        var mean = loadKw.Average();
        var last = Math.Max(1, loadKw.Count - 1);
        return [.. Enumerable.Range(0, loadKw.Count).Select(t => mean * (1 + (slope * ((2.0 * t / last) - 1))))];
    }

    /// <summary>
    /// Following renewable output: a steady share <paramref name="baseShare"/> of the energy spread evenly (wind), the rest
    /// shaped like a clear day's solar output (a sine from 06:00 to 18:00, nothing at night), the energy the same as the load's.
    /// </summary>
    /// <param name="loadKw">The load the party forecasts, per step, the first step at midnight.</param>
    /// <param name="baseShare">The share of the energy asked for evenly, in [0, 1].</param>
    /// <exception cref="ArgumentException">The share is outside [0, 1], or the load is empty or has a negative or non-finite step.</exception>
    public static double[] Renewable(IReadOnlyList<double> loadKw, double baseShare)
    {
        Require(loadKw);
        if (!(baseShare is >= 0 and <= 1))
        {
            throw new ArgumentException($"The steady share of a renewable request must lie in [0, 1], not {baseShare}.", nameof(baseShare));
        }

        var energy = loadKw.Sum();
        var solar = Enumerable.Range(0, loadKw.Count).Select(t =>
        {
            var hour = (t % FleetGenerator.DaySteps) * FleetRequest.StepHours;
            return hour is > 6 and < 18 ? Math.Sin(Math.PI * (hour - 6) / 12) : 0;
        }).ToArray();
        var solarSum = solar.Sum();
        return [.. solar.Select(s => (baseShare * energy / loadKw.Count) + (solarSum > 0 ? (1 - baseShare) * energy * s / solarSum : (1 - baseShare) * energy / loadKw.Count))];
    }

    /// <summary>The shape of <paramref name="family"/> at <paramref name="level"/> (see <see cref="DefaultLevel"/>), from <paramref name="loadKw"/>.</summary>
    /// <exception cref="ArgumentException">An unknown family, or a level out of the family's range.</exception>
    public static double[] Of(string family, IReadOnlyList<double> loadKw, double level) => family switch
    {
        "peak-shave" => PeakShave(loadKw, level),
        "valley-fill" => ValleyFill(loadKw, level),
        "flat" => Flat(loadKw, level),
        "ramp" => Ramp(loadKw, level),
        "renewable" => Renewable(loadKw, level),
        _ => throw new ArgumentException($"A request family is one of {string.Join(", ", Families.Skip(1))}, not '{family}'.", nameof(family)),
    };

    /// <summary>What the request of <paramref name="family"/> at <paramref name="level"/> asks for, in words.</summary>
    public static string Describe(string family, double level) => family switch
    {
        "peak-shave" => FormattableString.Invariant($"peak-shave: the uncontrolled load's peak cut by {level:P0}, the energy moved below the cap"),
        "valley-fill" => FormattableString.Invariant($"valley-fill: every step raised to at least {level:G3} times the mean uncontrolled load, the energy taken from the steps above"),
        "flat" => FormattableString.Invariant($"flat at {level:G4} times the mean uncontrolled load"),
        "ramp" => FormattableString.Invariant($"ramp: the mean uncontrolled load tilted from {1 - level:G3} to {1 + level:G3} times it over the horizon"),
        "renewable" => FormattableString.Invariant($"renewable: {level:P0} of the uncontrolled energy evenly (wind), the rest shaped like clear-day solar"),
        _ => family,
    };

    private static void Require(IReadOnlyList<double> loadKw)
    {
        ArgumentNullException.ThrowIfNull(loadKw);
        if (loadKw.Count == 0 || loadKw.Any(l => !(l >= 0 && double.IsFinite(l))))
        {
            throw new ArgumentException("The load to shape needs at least one step, each finite and not negative.", nameof(loadKw));
        }
    }
}
