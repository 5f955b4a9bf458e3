namespace Consortium.Fl.Contribution;

/// <summary>How a round's contributions are scored.</summary>
public enum ScoringMethod
{
    /// <summary>Shapley values: exact for few members, sampled permutations with truncation above.</summary>
    Shapley,

    /// <summary>Leave-one-out: the cheap fallback, one evaluation per member plus two.</summary>
    LeaveOneOut,
}
