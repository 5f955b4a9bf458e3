namespace Consortium.Network.Dispatch;

/// <summary>Bounds every dispatch message is checked against before a handler sees it.</summary>
public static class DispatchLimits
{
    /// <summary>Longest horizon served: a week of 15-minute steps.</summary>
    public const int MaxHorizonSteps = 7 * 96;

    /// <summary>Largest power or energy value accepted in a profile, in kW or kWh (a gigawatt: far beyond any fleet).</summary>
    public const double MaxMagnitude = 1e6;

    /// <summary>Most pieces a re-plan's deviation price may have.</summary>
    public const int MaxDeviationSlopes = 64;

    /// <summary>Largest ratio of a deviation price piece's width to the one before.</summary>
    public const double MaxPieceGrowth = 4;

    /// <summary>Most entries of a dispatch-by-prices mix: the groups times the columns a mix can use.</summary>
    public const int MaxPriceMixEntries = 1 << 20;

    /// <summary>Longest detail a decline may give (it is emitted on chain, so it costs gas).</summary>
    public const int MaxDeclineDetailLength = 512;
}
