using System.Collections.Concurrent;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// The grid party of the dispatch tests (anvil's documented development account 9) and the requests it signed, by
/// hash: a join built with <see cref="Terms"/> carries the request document in full, as the coordinator's does.
/// </summary>
internal static class TestRequests
{
    private static readonly ConcurrentDictionary<Hash32, string> Documents = new();

    /// <summary>The grid party's key.</summary>
    public static ChainAccount GridKey { get; } = ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);

    /// <summary>The grid party's desk for a ledger's domain, with the default deviation price and settlement terms.</summary>
    public static GridPartyDesk Desk(RequestDomain domain, DispatchSettlementRule? settlement = null) =>
        new(GridKey, domain, PeakShavingPolicy.Default, DispatchCosts.Default.DeviationPenaltyPerKwh, settlement ?? DispatchSettlementRule.Default);

    /// <summary>The grid party a runner asks for its request: the desk shapes and signs; the document is remembered.</summary>
    public static Func<DayAheadSurvey, DateTimeOffset, SignedFlexibilityRequest> Ask(RequestDomain domain, DispatchSettlementRule? settlement = null)
    {
        var desk = Desk(domain, settlement);
        return (survey, now) =>
        {
            var signed = desk.Request(survey, now);
            Documents[signed.RequestHash] = signed.ToJson();
            return signed;
        };
    }

    /// <summary>Signs a request for <paramref name="targetKw"/> for <paramref name="domain"/> and remembers its document.</summary>
    public static SignedFlexibilityRequest Sign(RequestDomain domain, double[] targetKw)
    {
        var signed = Desk(domain).Sign(targetKw, DateTimeOffset.UtcNow);
        Documents[signed.RequestHash] = signed.ToJson();
        return signed;
    }

    /// <summary>The document of a request signed here, or empty for a hash never signed.</summary>
    public static string Document(Hash32 requestHash) => Documents.GetValueOrDefault(requestHash, string.Empty);

    /// <summary>The coordinator's join for an event opened for a request signed here (default costs, 15-minute steps).</summary>
    public static DispatchTerms Terms(ulong eventId, Hash32 requestHash, int steps) =>
        new(eventId, requestHash, steps, 15, 0.05, DispatchCosts.Default.DeviationPenaltyPerKwh, 10, Document(requestHash));
}
