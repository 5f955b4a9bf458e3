namespace Consortium.Experiments.Forecasting;

/// <summary>The operators of one simulated consortium, all over the same hours.</summary>
public sealed class ExperimentConsortium
{
    /// <summary>Checks that the operators cover the same hours and have distinct names.</summary>
    public ExperimentConsortium(IReadOnlyList<ExperimentOperator> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
        {
            throw new ArgumentException($"A consortium needs at least two operators, got {members.Count}.", nameof(members));
        }

        var first = members[0];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!names.Add(member.Name))
            {
                throw new ArgumentException($"Two operators are named {member.Name}.", nameof(members));
            }

            if (member.Load.FirstHour != first.Load.FirstHour || member.Load.Kw.Length != first.Load.Kw.Length)
            {
                throw new ArgumentException(
                    $"Operator {member.Name} covers {member.Load.FirstHour:u} + {member.Load.Kw.Length} h, {first.Name} {first.Load.FirstHour:u} + {first.Load.Kw.Length} h; the regional sum needs the same hours.",
                    nameof(members));
            }
        }

        Members = members;
    }

    /// <summary>The operators, in plan order.</summary>
    public IReadOnlyList<ExperimentOperator> Members { get; }

    /// <summary>Number of operators.</summary>
    public int Count => Members.Count;
}
