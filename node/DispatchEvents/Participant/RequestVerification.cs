using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Network.Dispatch;
using Consortium.Node.GridParty;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>
/// What an operator checks of the grid party's request before it plans anything for an event: the request travels in
/// full with the coordinator's join, and must be the one the event was opened for on chain, signed by its grid party for
/// this consortium's ledger, with the horizon, step and deviation price the coordinator asks the fleet to meet. Each
/// refusal names the request field that does not match and says what each side holds.
/// </summary>
public static class RequestVerification
{
    /// <summary>Checks <paramref name="terms"/>' request document against the chain and against the terms themselves.</summary>
    /// <param name="terms">The coordinator's join.</param>
    /// <param name="ledger">The dispatch ledger, whose event record and stored terms are the reference.</param>
    /// <returns>The verified request.</returns>
    /// <exception cref="RequestRefusedException">The document is missing, malformed, altered or does not match the join.</exception>
    public static async Task<SignedFlexibilityRequest> VerifyAsync(DispatchTerms terms, IDispatchLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(ledger);
        if (string.IsNullOrEmpty(terms.RequestDocument))
        {
            throw new RequestRefusedException(FlexibilityRequestException.DocumentField, $"event {terms.EventId}: the join carries no request document; an operator plans only for a request it can check");
        }

        FlexibilityRequest request;
        string signature;
        try
        {
            (request, signature) = FlexibilityRequestCodec.ReadUnverified(terms.RequestDocument);
        }
        catch (FlexibilityRequestException e)
        {
            throw new RequestRefusedException(e.Field, $"event {terms.EventId}: the request document is refused ({e.Message})", e);
        }

        // The chain holds the terms the grid party signed (the ledger checked the signature when the event was opened).
        var onChain = await ledger.GetRequestTermsAsync(terms.EventId).ConfigureAwait(false);
        if (Difference(onChain, request.Terms()) is { } altered)
        {
            throw new RequestRefusedException(altered.Field, $"event {terms.EventId}: the coordinator altered {altered.Field}: {altered.Detail}");
        }

        if (request.Domain.DispatchLedger != ledger.Address)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.DispatchLedger, $"event {terms.EventId}: the request is signed for dispatch ledger {request.Domain.DispatchLedger}, this consortium's is {ledger.Address}");
        }

        var digest = request.RequestHash;
        if (digest != await ledger.GetRequestDigestAsync(request.Terms()).ConfigureAwait(false))
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.ChainId, $"event {terms.EventId}: the request is signed for chain {request.Domain.ChainId}, which is not the ledger's chain");
        }

        SignedFlexibilityRequest signed;
        try
        {
            signed = FlexibilityRequestCodec.Parse(terms.RequestDocument);
        }
        catch (FlexibilityRequestException e)
        {
            throw new RequestRefusedException(e.Field, $"event {terms.EventId}: {e.Message}", e);
        }

        if (signed.Signature != signature || digest != terms.RequestHash)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.Signature, $"event {terms.EventId}: the request's digest is {digest}, the join names {terms.RequestHash}");
        }

        var state = await ledger.GetDispatchAsync(terms.EventId).ConfigureAwait(false);
        if (state.RequestHash != digest)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.Signature, $"event {terms.EventId} was opened on chain for request {state.RequestHash}, the document is request {digest}");
        }

        // What the coordinator asks the fleet to meet must be what the grid party asked.
        if (terms.HorizonSteps != request.HorizonSteps)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.HorizonSteps, $"event {terms.EventId}: the coordinator asks for {terms.HorizonSteps} steps, the grid party's request has {request.HorizonSteps}");
        }

        if (terms.StepMinutes != request.StepMinutes)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.StepMinutes, $"event {terms.EventId}: the coordinator asks for {terms.StepMinutes.ToString(CultureInfo.InvariantCulture)}-minute steps, the request has {request.StepMinutes}");
        }

        if (terms.DeviationPenaltyPerKwh != request.DeviationPenaltyPerKwh)
        {
            throw new RequestRefusedException(
                FlexibilityRequestFields.DeviationPenaltyPerKwh,
                $"event {terms.EventId}: the coordinator prices deviation at {terms.DeviationPenaltyPerKwh.ToString("R", CultureInfo.InvariantCulture)} per kWh, the grid party at {request.DeviationPenaltyPerKwh.ToString("R", CultureInfo.InvariantCulture)}");
        }

        return signed;
    }

    /// <summary>The first field in which <paramref name="sent"/> differs from the terms on chain, or null when none does.</summary>
    public static (string Field, string Detail)? Difference(FlexibilityTerms onChain, FlexibilityTerms sent)
    {
        ArgumentNullException.ThrowIfNull(onChain);
        ArgumentNullException.ThrowIfNull(sent);
        if (onChain.RequestIdHash != sent.RequestIdHash)
        {
            return (FlexibilityRequestFields.RequestId, "its hash differs from the id the event was opened for");
        }

        if (onChain.GridParty != sent.GridParty)
        {
            return (FlexibilityRequestFields.GridParty, $"{sent.GridParty} sent, {onChain.GridParty} on chain");
        }

        if (onChain.IssuedAt != sent.IssuedAt)
        {
            return (FlexibilityRequestFields.IssuedAt, $"{FlexibilityRequest.Format(sent.IssuedAt)} sent, {FlexibilityRequest.Format(onChain.IssuedAt)} on chain");
        }

        if (onChain.Start != sent.Start)
        {
            return (FlexibilityRequestFields.Start, $"{FlexibilityRequest.Format(sent.Start)} sent, {FlexibilityRequest.Format(onChain.Start)} on chain");
        }

        if (onChain.StepMinutes != sent.StepMinutes)
        {
            return (FlexibilityRequestFields.StepMinutes, $"{sent.StepMinutes} sent, {onChain.StepMinutes} on chain");
        }

        if (onChain.HorizonSteps != sent.HorizonSteps)
        {
            return (FlexibilityRequestFields.HorizonSteps, $"{sent.HorizonSteps} sent, {onChain.HorizonSteps} on chain");
        }

        if (onChain.TargetHash != sent.TargetHash)
        {
            return (FlexibilityRequestFields.TargetKw, $"the targets sent hash to {sent.TargetHash}, the grid party signed targets hashing to {onChain.TargetHash}");
        }

        return Compare(FlexibilityRequestFields.DeviationPenaltyPerKwh, onChain.DeviationPenaltyMicrosPerKwh, sent.DeviationPenaltyMicrosPerKwh, "millionths per kWh")
            ?? Compare(FlexibilityRequestFields.RewardWeiPerKwh, onChain.RewardWeiPerKwh, sent.RewardWeiPerKwh, "per kWh")
            ?? Compare(FlexibilityRequestFields.PenaltyWeiPerKwh, onChain.PenaltyWeiPerKwh, sent.PenaltyWeiPerKwh, "per kWh")
            ?? Compare(FlexibilityRequestFields.ToleranceBps, onChain.ToleranceBps, sent.ToleranceBps, "bps")
            ?? Compare(FlexibilityRequestFields.ToleranceWh, onChain.ToleranceWh, sent.ToleranceWh, "Wh");
    }

    private static (string Field, string Detail)? Compare(string field, BigInteger onChain, BigInteger sent, string unit) =>
        onChain == sent ? null : (field, $"{sent} {unit} sent, {onChain} {unit} on chain");
}

/// <summary>An operator refuses a dispatch request; <see cref="Field"/> names the request field at fault.</summary>
public sealed class RequestRefusedException : InvalidOperationException
{
    /// <summary>Creates the refusal.</summary>
    public RequestRefusedException(string field, string message, Exception? inner = null)
        : base($"request field {field}: {message}", inner)
    {
        Field = field;
    }

    /// <summary>The request field that does not match.</summary>
    public string Field { get; }
}
