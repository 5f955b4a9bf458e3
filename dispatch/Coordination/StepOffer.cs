namespace Consortium.Dispatch.Coordination;

/// <summary>
/// What one operator's fleet can do at one step of a clearing, in aggregate (no vehicle data), in kW.
/// </summary>
/// <param name="LowKw">The least the fleet can draw now (negative: the most it can export), site limit applied.</param>
/// <param name="BaseKw">What it draws with nobody discharging and only the charging that deadlines force.</param>
/// <param name="HighKw">The most it can draw now, site limit applied.</param>
/// <param name="NeedKw">How much above <paramref name="BaseKw"/> its vehicles could usefully take now towards their needs.</param>
/// <param name="NeedByUrgencyKw">The part of <paramref name="NeedKw"/> by urgency: bucket 0 holds vehicles that can no longer
/// make their need at full power, bucket k + 1 those whose latest full-power start is step k (least slack first).</param>
/// <param name="ExportBySlackKw">What its V2G vehicles can export now, by slack: bucket k holds vehicles that could still
/// wait k whole steps before charging flat out to their need (the part of
/// <paramref name="BaseKw"/> − <paramref name="LowKw"/> that is discharge).</param>
public readonly record struct StepOffer(double LowKw, double BaseKw, double HighKw, double NeedKw, double[] NeedByUrgencyKw, double[] ExportBySlackKw);
