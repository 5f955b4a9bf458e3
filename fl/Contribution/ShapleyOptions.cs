namespace Consortium.Fl.Contribution;

/// <summary>How Shapley contributions are estimated.</summary>
/// <param name="ExactUpTo">Up to this many members every coalition is evaluated (2ⁿ models) and the values are exact.</param>
/// <param name="Permutations">Permutations sampled above <paramref name="ExactUpTo"/> (rounded up to a multiple of the member count, so each member leads equally often).</param>
/// <param name="TruncationTolerance">
/// A permutation stops once the coalition so far is within this share of the grand coalition's value;
/// the members after that point get no marginal gain in it (within-round truncation of GTG-Shapley).
/// </param>
/// <param name="Seed">Seed of the permutations, so anyone with the round's artifacts recomputes the same values.</param>
public sealed record ShapleyOptions(int ExactUpTo = 6, int Permutations = 40, double TruncationTolerance = 0.02, ulong Seed = 0)
{
    /// <summary>Throws for options that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ExactUpTo, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ExactUpTo, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(Permutations, 1);
        if (!(TruncationTolerance >= 0 && TruncationTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TruncationTolerance), TruncationTolerance, "The truncation tolerance must be in [0, 1).");
        }
    }
}
