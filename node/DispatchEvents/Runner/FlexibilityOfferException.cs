using Consortium.Dispatch.DayAhead;

namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>A grid party's request asks for more than the consortium's day-ahead offer: the event is not opened.</summary>
public sealed class FlexibilityOfferException(string requestId, OfferCheck check)
    : InvalidOperationException($"The grid party's request {requestId} is {check.Describe()}; the event was not opened.")
{
    /// <summary>The check that refused the request.</summary>
    public OfferCheck Check { get; } = check;
}
