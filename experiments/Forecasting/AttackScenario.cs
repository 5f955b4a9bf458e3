namespace Consortium.Experiments.Forecasting;

/// <summary>An attack on a federated setting.</summary>
/// <param name="Kind">What the attackers do.</param>
/// <param name="Attackers">How many members attack; they are the first members of the consortium.</param>
/// <param name="Members">Consortium size, attackers included.</param>
/// <param name="Factor">Scale of the sent change (sign-flip and scaled attacks) or of the mirrored days (label corruption).</param>
public sealed record AttackScenario(AttackKind Kind, int Attackers, int Members, double Factor)
{
    /// <summary>The kind as written in reports: sign-flip, scaled, label-corruption.</summary>
    public string KindName => Name(Kind);

    /// <summary>The report name of an attack kind.</summary>
    public static string Name(AttackKind kind) => kind switch
    {
        AttackKind.SignFlip => "sign-flip",
        AttackKind.Scaled => "scaled",
        AttackKind.LabelCorruption => "label-corruption",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown attack kind."),
    };
}
