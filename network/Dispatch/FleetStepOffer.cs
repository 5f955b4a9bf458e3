namespace Consortium.Network.Dispatch;

/// <summary>
/// What an operator's fleet can do at one step of a clearing, in aggregate (no vehicle data), in kW; with S the event's
/// horizon steps, the arrays hold S + 2 and S + 1 values.
/// </summary>
/// <param name="LowKw">The least the fleet can draw now (negative: the most it can export), site limit applied.</param>
/// <param name="BaseKw">What it draws with nobody discharging and only the charging that deadlines force.</param>
/// <param name="HighKw">The most it can draw now, site limit applied.</param>
/// <param name="NeedKw">How much above <paramref name="BaseKw"/> its vehicles could usefully take now towards their needs.</param>
/// <param name="NeedByUrgencyKw">The part of <paramref name="NeedKw"/> by urgency: bucket 0 holds vehicles that can no longer make
/// their need at full power, bucket k + 1 those whose latest full-power start is step k.</param>
/// <param name="ExportBySlackKw">What its V2G vehicles can export now, by slack in whole steps (bucket k: k steps).</param>
public sealed record FleetStepOffer(
    double LowKw,
    double BaseKw,
    double HighKw,
    double NeedKw,
    double[] NeedByUrgencyKw,
    double[] ExportBySlackKw);
