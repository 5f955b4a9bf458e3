using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Sessions;

/// <summary>
/// Operators' fleets on real calendar days of the bundled Scottish sessions: the councils' sites split among the operators
/// (<see cref="ScottishCouncilData.Plan"/>), each operator's fleet on a day the vehicle-days of its own sites on that day
/// (<see cref="SessionFleetProfile.Day"/>), scaled so that its mean day holds its share of the vehicles. A day is what
/// happened on it (a busy Monday, a quiet Sunday), so a forecast of it can be measured against what came.
/// </summary>
public sealed class CalendarFleets
{
    private readonly IReadOnlyList<OperatorFleetProfile> _profiles;
    private readonly double[] _scales;

    private CalendarFleets(IReadOnlyList<OperatorFleetProfile> profiles, double[] scales)
    {
        _profiles = profiles;
        _scales = scales;
        First = profiles.Max(p => p.Profile.Days!.Value.First);
        Last = profiles.Min(p => p.Profile.Days!.Value.Last);
    }

    /// <summary>The operators and their profiles, in plan order.</summary>
    public IReadOnlyList<OperatorFleetProfile> Operators => _profiles;

    /// <summary>Vehicles per logged vehicle-day of each operator.</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>The first day every operator's sessions cover.</summary>
    public DateOnly First { get; }

    /// <summary>The last day every operator's sessions cover.</summary>
    public DateOnly Last { get; }

    /// <summary>Where the fleets come from, in a line.</summary>
    public string Source => "sessions by calendar day: " + string.Join(" / ", _profiles.Select(p => p.Plan.Council).Distinct(StringComparer.Ordinal))
        + " charging sessions (sites split among the operators), each day's own sessions scaled to the operator's size; stated battery, SoC and V2G assumptions";

    /// <summary>Reads the bundled sessions and sizes <paramref name="operators"/> operators' fleets to <paramref name="vehicles"/> on their mean day.</summary>
    /// <param name="operators">Operators, at least two (one council's sites cannot be one consortium).</param>
    /// <param name="vehicles">Vehicles of the operators' mean days together, split as evenly as possible.</param>
    /// <param name="output">Receives a line per operator.</param>
    /// <exception cref="ArgumentException">Fewer vehicles than operators, or an operator whose sites kept no session.</exception>
    public static CalendarFleets Load(int operators, int vehicles, TextWriter output) =>
        From(ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()), operators, vehicles, output);

    /// <summary>As <see cref="Load"/>, from council data already read.</summary>
    public static CalendarFleets From(ScottishCouncilData data, int operators, int vehicles, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        if (vehicles < operators)
        {
            throw new ArgumentException($"{vehicles} vehicles cannot be split over {operators} operators.", nameof(vehicles));
        }

        var profiles = SessionFleets.PerOperator(data, data.Plan(operators));
        var scales = new double[profiles.Count];
        for (var i = 0; i < profiles.Count; i++)
        {
            var profile = profiles[i].Profile;
            if (profile.Count == 0)
            {
                throw new ArgumentException($"Operator {profiles[i].Plan.Name} kept none of its {profile.Summary.SessionsRead} sessions, so it has no day to dispatch.", nameof(operators));
            }

            var count = vehicles / operators + (i < vehicles % operators ? 1 : 0);
            scales[i] = profile.ScaleFor(count);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {profiles[i].Plan.Name}: {profiles[i].Plan.Sites.Count} sites, {profile.MeanVehicleDaysPerDay:F1} vehicle-days a day on average, each taken {scales[i]:F2} times"));
        }

        return new CalendarFleets(profiles, scales);
    }

    /// <summary>Every operator's fleet on <paramref name="date"/>; operator i draws with <paramref name="seed"/> × 1000 + i.</summary>
    /// <param name="date">The day, within [<see cref="First"/>, <see cref="Last"/>].</param>
    /// <param name="seed">Seed of the draws (battery, state of charge, V2G, fractional copies).</param>
    /// <param name="horizonSteps">15-minute steps; the day's fleets are cut to a shorter horizon.</param>
    /// <param name="chemistries">The mix of pack chemistries the vehicles are given; the profiles' when null.</param>
    /// <exception cref="ArgumentException">The date is outside the days every operator's sessions cover.</exception>
    public Fleet[] On(DateOnly date, int seed, int horizonSteps, ChemistryMix? chemistries = null)
    {
        if (date < First || date > Last)
        {
            throw new ArgumentException($"{date:yyyy-MM-dd} is outside the days every operator's sessions cover ({First:yyyy-MM-dd} to {Last:yyyy-MM-dd}).", nameof(date));
        }

        var fleets = new Fleet[_profiles.Count];
        Parallel.For(0, fleets.Length, i =>
        {
            var fleet = _profiles[i].Profile.Day(date, _scales[i], seed * 1000 + i);
            if (chemistries is not null)
            {
                fleet = fleet.WithChemistry(chemistries.Assign(fleet.Count, seed * 1000 + i));
            }

            fleets[i] = SimulatedFleets.Clip(fleet, horizonSteps);
        });
        return fleets;
    }
}
