namespace Consortium.Network.Dispatch;

/// <summary>Why an operator sits a dispatch event out: a reason the ledger records and a detail for auditors.</summary>
/// <param name="Reason">The reason; never <see cref="DeclineReason.None"/>.</param>
/// <param name="Detail">Free text emitted on chain with the decline, at most <see cref="DispatchLimits.MaxDeclineDetailLength"/> characters.</param>
public sealed record DispatchDecline(DeclineReason Reason, string Detail)
{
    /// <summary>
    /// A decline for <paramref name="reason"/>, its <paramref name="detail"/> cut to
    /// <see cref="DispatchLimits.MaxDeclineDetailLength"/> characters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is None or not a defined reason.</exception>
    public static DispatchDecline Of(DeclineReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (reason == DeclineReason.None || !Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A decline gives one of the defined reasons other than None.");
        }

        return new DispatchDecline(reason, detail.Length <= DispatchLimits.MaxDeclineDetailLength ? detail : detail[..DispatchLimits.MaxDeclineDetailLength]);
    }

    /// <inheritdoc />
    public override string ToString() => Detail.Length == 0 ? Reason.ToString() : $"{Reason}: {Detail}";
}
