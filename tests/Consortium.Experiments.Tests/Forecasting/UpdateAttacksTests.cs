using Consortium.Experiments.Forecasting;

namespace Consortium.Experiments.Tests.Forecasting;

public sealed class UpdateAttacksTests
{
    [Fact]
    public void SignFlipSendsTheNegatedChangeScaled()
    {
        float[] global = [1, 2, 3], trained = [2, 1, 3];
        var sent = new float[3];

        UpdateAttacks.ScaleChange(global, trained, UpdateAttacks.ChangeFactor(new AttackScenario(AttackKind.SignFlip, 1, 5, 5)), sent);

        Assert.Equal([1 - 5f, 2 + 5f, 3f], sent);
    }

    [Fact]
    public void ScaledAttackMultipliesTheChange()
    {
        float[] global = [0, 1], trained = [0.5f, 0.75f];
        var sent = new float[2];

        UpdateAttacks.ScaleChange(global, trained, UpdateAttacks.ChangeFactor(new AttackScenario(AttackKind.Scaled, 2, 7, 10)), sent);

        Assert.Equal([5f, 1 - 2.5f], sent);
    }

    [Fact]
    public void LabelCorruptionLeavesTheUpdateAsTrained()
    {
        Assert.Equal(1f, UpdateAttacks.ChangeFactor(new AttackScenario(AttackKind.LabelCorruption, 1, 5, 1)));
    }
}
