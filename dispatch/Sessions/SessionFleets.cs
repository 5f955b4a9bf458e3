using Consortium.Data.Councils;
using Consortium.Data.Sessions;

namespace Consortium.Dispatch.Sessions;

/// <summary>
/// Fleet profiles from the bundled Scottish council sessions (read by <see cref="ScottishCouncilData.Load"/>), using the
/// same period as the operators' loads: sessions starting from <see cref="ScottishCouncilData.PeriodStart"/> up to
/// <see cref="ScottishCouncilData.PeriodEnd"/>.
/// </summary>
public static class SessionFleets
{
    /// <summary>One profile per planned operator, from the sessions at that operator's sites, in plan order.</summary>
    /// <param name="data">The loaded council data.</param>
    /// <param name="plans">Operators cut from <paramref name="data"/>, for example by <see cref="ScottishCouncilData.Plan"/>.</param>
    /// <param name="assumptions">The assumptions; the defaults when omitted.</param>
    /// <exception cref="ArgumentException">A plan names a council that <paramref name="data"/> does not hold.</exception>
    public static IReadOnlyList<OperatorFleetProfile> PerOperator(
        ScottishCouncilData data, IReadOnlyList<OperatorPlan> plans, SessionFleetAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(plans);
        var profiles = new List<OperatorFleetProfile>(plans.Count);
        foreach (var plan in plans)
        {
            if (!data.ByCouncil.TryGetValue(plan.Council, out var council))
            {
                throw new ArgumentException($"Operator {plan.Name} belongs to {plan.Council}, which the data does not hold.", nameof(plans));
            }

            var sites = plan.Sites.ToHashSet(StringComparer.Ordinal);
            var sessions = InPeriod(council.Sessions).Where(s => sites.Contains(s.Site));
            profiles.Add(new OperatorFleetProfile(plan, SessionFleetProfile.FromSessions(sessions, assumptions)));
        }

        return profiles;
    }

    /// <summary>The profile of one council's whole network over the period.</summary>
    /// <param name="data">The loaded council data.</param>
    /// <param name="council">A name from <see cref="ScottishCouncilData.Councils"/>.</param>
    /// <param name="assumptions">The assumptions; the defaults when omitted.</param>
    public static SessionFleetProfile ForCouncil(ScottishCouncilData data, string council, SessionFleetAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ByCouncil.TryGetValue(council, out var loads)
            ? SessionFleetProfile.FromSessions(InPeriod(loads.Sessions), assumptions)
            : throw new ArgumentException($"No council '{council}'; the data holds {string.Join(", ", data.ByCouncil.Keys)}.", nameof(council));
    }

    /// <summary>The profile of both councils' sessions together over the period.</summary>
    /// <param name="data">The loaded council data.</param>
    /// <param name="assumptions">The assumptions; the defaults when omitted.</param>
    public static SessionFleetProfile ForAll(ScottishCouncilData data, SessionFleetAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SessionFleetProfile.FromSessions(data.ByCouncil.Values.SelectMany(c => InPeriod(c.Sessions)), assumptions);
    }

    private static IEnumerable<ChargingSession> InPeriod(IEnumerable<ChargingSession> sessions) =>
        sessions.Where(s => s.Start >= ScottishCouncilData.PeriodStart && s.Start < ScottishCouncilData.PeriodEnd);
}
