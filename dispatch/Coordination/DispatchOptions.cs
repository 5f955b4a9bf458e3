namespace Consortium.Dispatch.Coordination;

/// <summary>Stopping rules and tuning of the ADMM coordinator.</summary>
/// <param name="MaxIterations">Iterations after which ADMM stops even if the residuals are still large.</param>
/// <param name="AbsoluteToleranceKw">Absolute residual tolerance per profile entry, in kW (ε_abs in Boyd et al. §3.3.1).</param>
/// <param name="RelativeTolerance">Relative residual tolerance (ε_rel).</param>
/// <param name="Rho">Initial ADMM penalty ρ; zero picks one from the target's scale and the deviation penalty.</param>
/// <param name="AdaptiveRho">Whether ρ follows the residual balancing rule (Boyd et al. §3.4.1).</param>
/// <param name="PlanTolerance">How far (as a share of the mean absolute target) the operators' ADMM aggregate must fall short of
/// the target at a step before the clearing follows it rather than the target.</param>
/// <param name="LookaheadSteps">Where a step could not export as much as planned, how many steps before it a second clearing
/// charges the most urgent vehicles ahead (zero: no second clearing).</param>
/// <param name="RefineSweeps">Most sweeps of the exact re-plan after the clearing (zero: none).</param>
/// <param name="RefineSmoothedSweeps">How many of them price small deviations along a Huber function.</param>
/// <param name="RefineSmoothing">Width of the first sweep's Huber part, as a share of the mean absolute target.</param>
/// <param name="RefineSmoothingDecay">Factor by which the Huber width shrinks from one smoothed sweep to the next.</param>
/// <param name="RefineTolerance">Exact sweeps stop when one gains less than this share of the objective.</param>
/// <param name="RefineAdmmIterations">Iterations of the ADMM phase of the exact stage, whose x-update is each operator's
/// exact re-plan (zero: none; it runs only when every operator takes part).</param>
/// <param name="RefineAdmmPatience">The ADMM phase stops after this many iterations without a better objective.</param>
/// <param name="RefineAdmmRhoScale">ρ of the exact stage's ADMM, as a multiple of the envelope stage's final ρ.</param>
/// <param name="RefineAdmmRelaxation">Over-relaxation α of the exact stage's second ADMM run (the one after the smoothed
/// sweeps, where the first did not come to rest), between 0 and 2 (1: none).</param>
/// <param name="RefineAdmmRestKw">The exact stage's ADMM is at rest, and the stage ends, once for 20 iterations in a row no
/// operator's profile moves by more than this many kW and the operators' mean profile is as close to ADMM's share at
/// every step.</param>
/// <param name="RefineSeconds">Wall-clock budget of the exact stage: past it no new sweep or ADMM iteration starts (the
/// first exact sweep always runs) and the operators keep the best setpoints reached. Infinity: no budget, so that the
/// stage's result depends only on its inputs.</param>
/// <param name="ExactMethod">How the exact stage improves on the clearing: by prices (every operator, any size) or by exact re-plans (operators up to the exact vehicle limit).</param>
/// <param name="PriceArrivalGroups">With <see cref="ExactMethod.Prices"/>: arrival bands each operator groups its vehicles into (each split by V2G).</param>
/// <param name="PriceGap">With <see cref="ExactMethod.Prices"/>: the relative gap between the bounds at which it stops.</param>
public sealed record DispatchOptions(
    int MaxIterations = 1000,
    double AbsoluteToleranceKw = 1e-3,
    double RelativeTolerance = 1e-3,
    double Rho = 0,
    bool AdaptiveRho = true,
    double PlanTolerance = 0.02,
    int LookaheadSteps = 8,
    int RefineSweeps = 40,
    int RefineSmoothedSweeps = 60,
    double RefineSmoothing = 0.3,
    double RefineSmoothingDecay = 0.92,
    double RefineTolerance = 1e-5,
    int RefineAdmmIterations = 600,
    int RefineAdmmPatience = 300,
    double RefineAdmmRhoScale = 4,
    double RefineAdmmRestKw = 1e-3,
    double RefineAdmmRelaxation = 1.5,
    double RefineSeconds = 10,
    ExactMethod ExactMethod = ExactMethod.Prices,
    int PriceArrivalGroups = 24,
    double PriceGap = 1e-4)
{
    /// <summary>The defaults.</summary>
    public static DispatchOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(Rho >= 0 && double.IsFinite(Rho)))
        {
            throw new ArgumentException($"ρ must be positive (or zero to choose one), not {Rho}.", nameof(Rho));
        }

        if (MaxIterations <= 0)
        {
            throw new ArgumentException($"At least one iteration is needed, not {MaxIterations}.", nameof(MaxIterations));
        }

        if (PriceArrivalGroups < 1)
        {
            throw new ArgumentException($"The dispatch by prices needs at least one arrival band, not {PriceArrivalGroups}.", nameof(PriceArrivalGroups));
        }

        if (!(PriceGap >= 0 && PriceGap < 1))
        {
            throw new ArgumentException($"The dispatch by prices stops at a relative gap in [0, 1), not {PriceGap}.", nameof(PriceGap));
        }

        if (!(RefineSeconds > 0))
        {
            throw new ArgumentException($"The exact stage's budget must be a positive number of seconds (or infinity), not {RefineSeconds}.", nameof(RefineSeconds));
        }

        if (!(RefineAdmmRhoScale > 0 && double.IsFinite(RefineAdmmRhoScale)))
        {
            throw new ArgumentException($"The exact stage's ρ scale must be a positive finite number, not {RefineAdmmRhoScale}.", nameof(RefineAdmmRhoScale));
        }

        if (!(RefineAdmmRelaxation > 0 && RefineAdmmRelaxation < 2))
        {
            throw new ArgumentException($"The exact stage's over-relaxation must lie strictly between 0 and 2, not {RefineAdmmRelaxation}.", nameof(RefineAdmmRelaxation));
        }

        if (!(RefineAdmmRestKw >= 0))
        {
            throw new ArgumentException($"The exact stage's rest threshold must be zero or more kW, not {RefineAdmmRestKw}.", nameof(RefineAdmmRestKw));
        }

        if (!(AbsoluteToleranceKw >= 0) || !(RelativeTolerance >= 0))
        {
            throw new ArgumentException("Tolerances must be zero or more.", nameof(AbsoluteToleranceKw));
        }
    }
}

/// <summary>How the coordinator's exact stage improves on the clearing.</summary>
public enum ExactMethod
{
    /// <summary>
    /// The dispatch by prices (<see cref="Exact.PriceStage"/>): operators of any size answer prices vehicle by vehicle, a master
    /// mixes their group answers, and its bounds certify how far the result is from the optimum.
    /// </summary>
    Prices,

    /// <summary>
    /// Operators re-plan their whole fleet exactly against the others' aggregate in turn (one linear programme each, only for
    /// fleets up to the exact vehicle limit), then ADMM over those re-plans.
    /// </summary>
    Replan,
}
