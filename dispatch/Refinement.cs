namespace Consortium.Dispatch;

/// <summary>The exact re-plan sweeps after the clearing.</summary>
/// <param name="Operators">Operators that re-planned (the others' fleets were too large to solve exactly).</param>
/// <param name="Sweeps">Sweeps run.</param>
/// <param name="ClearedObjective">The consortium's objective of the cleared allocation (deviation penalty plus the
/// operators' own costs, those of operators that took no part left out).</param>
/// <param name="Objective">The same after the sweeps: never more than <paramref name="ClearedObjective"/>.</param>
public sealed record Refinement(
    [property: System.Text.Json.Serialization.JsonPropertyName("operators")] int Operators,
    [property: System.Text.Json.Serialization.JsonPropertyName("sweeps")] int Sweeps,
    [property: System.Text.Json.Serialization.JsonPropertyName("clearedObjective")] double ClearedObjective,
    [property: System.Text.Json.Serialization.JsonPropertyName("objective")] double Objective)
{
    /// <summary>Iterations of the ADMM phase whose x-update is each operator's exact re-plan (zero when it did not run).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("admmIterations")]
    public int AdmmIterations { get; init; }

    /// <summary>Whether the stage stopped at its time budget (<see cref="Coordination.DispatchOptions.RefineSeconds"/>) rather than
    /// when its phases were done; it then holds the best point reached by then.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("budgetReached")]
    public bool BudgetReached { get; init; }
}
