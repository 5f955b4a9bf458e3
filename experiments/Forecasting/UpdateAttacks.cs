namespace Consortium.Experiments.Forecasting;

/// <summary>The arithmetic of the model-poisoning attacks, over flat parameter vectors.</summary>
public static class UpdateAttacks
{
    /// <summary>
    /// Writes global + <paramref name="factor"/>·(trained − global): the update's change from the global
    /// model scaled. A negative factor is the sign-flip attack, a large positive one the scaled attack.
    /// </summary>
    public static void ScaleChange(ReadOnlySpan<float> global, ReadOnlySpan<float> trained, float factor, Span<float> destination)
    {
        if (trained.Length != global.Length || destination.Length != global.Length)
        {
            throw new ArgumentException($"Vectors of {global.Length}, {trained.Length} and {destination.Length} values.", nameof(trained));
        }

        for (var i = 0; i < global.Length; i++)
        {
            destination[i] = global[i] + factor * (trained[i] - global[i]);
        }
    }

    /// <summary>The factor an attack applies to its change: −k for sign-flip, k for scaled, 1 (no change) otherwise.</summary>
    public static float ChangeFactor(AttackScenario attack)
    {
        ArgumentNullException.ThrowIfNull(attack);
        return attack.Kind switch
        {
            AttackKind.SignFlip => -(float)attack.Factor,
            AttackKind.Scaled => (float)attack.Factor,
            _ => 1f,
        };
    }
}
