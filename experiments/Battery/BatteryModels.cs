namespace Consortium.Experiments.Battery;

/// <summary>The models the battery experiment trains, as the report's <c>model</c> field names them.</summary>
public static class BatteryModels
{
    /// <summary>The state-of-health estimator (the cycle's state of health from its charge-curve features).</summary>
    public const string Estimator = "estimator";

    /// <summary>The capacity-fade forecaster (the state of health 50, 100 and 200 cycles ahead from the cell's history).</summary>
    public const string Forecaster = "forecaster";
}
