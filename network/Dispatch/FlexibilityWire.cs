using Consortium.Dispatch.DayAhead;
using Consortium.Network.Protos;

namespace Consortium.Network.Dispatch;

/// <summary>A day-ahead flexibility offer on the wire (<c>DispatchSurveyReply.offer</c>), checked on arrival.</summary>
internal static class FlexibilityWire
{
    /// <summary>Quantiles an operator may offer at most.</summary>
    public const int MaxBands = 19;

    public static Protos.FlexibilityBand Message(Consortium.Dispatch.DayAhead.FlexibilityBand band)
    {
        var message = new Protos.FlexibilityBand { Quantile = band.Quantile };
        message.PluggedIn.AddRange(band.PluggedIn);
        message.UncontrolledKw.AddRange(band.UncontrolledKw);
        message.MaxChargeKw.AddRange(band.MaxChargeKw);
        message.MaxDischargeKw.AddRange(band.MaxDischargeKw);
        message.MinEnergyKwh.AddRange(band.MinEnergyKwh);
        message.MaxEnergyKwh.AddRange(band.MaxEnergyKwh);
        message.IntervalMinEnergyKwh.AddRange(band.IntervalMinEnergyKwh ?? []);
        message.IntervalMaxEnergyKwh.AddRange(band.IntervalMaxEnergyKwh ?? []);
        return message;
    }

    /// <summary>The offer in <paramref name="reply"/>, or null when it carries none.</summary>
    /// <exception cref="InvalidDataException">The offer is malformed: the message names the operator and what is wrong.</exception>
    public static FlexibilityForecast? Offer(DispatchSurveyReply reply, int horizonSteps, Uri endpoint)
    {
        if (reply.Offer.Count == 0 && reply.OfferDays == 0)
        {
            return null;
        }

        if (reply.Offer.Count > MaxBands)
        {
            throw new InvalidDataException($"Operator at {endpoint} offered {reply.Offer.Count} bands; at most {MaxBands} are read.");
        }

        var offer = new FlexibilityForecast(
            checked((int)Math.Min(reply.OfferDays, int.MaxValue)),
            [.. reply.Offer.Select(b => new Consortium.Dispatch.DayAhead.FlexibilityBand(
                b.Quantile, [.. b.PluggedIn], [.. b.UncontrolledKw], [.. b.MaxChargeKw], [.. b.MaxDischargeKw], [.. b.MinEnergyKwh], [.. b.MaxEnergyKwh])
            {
                IntervalMinEnergyKwh = b.IntervalMinEnergyKwh.Count == 0 && b.IntervalMaxEnergyKwh.Count == 0 ? null : [.. b.IntervalMinEnergyKwh],
                IntervalMaxEnergyKwh = b.IntervalMinEnergyKwh.Count == 0 && b.IntervalMaxEnergyKwh.Count == 0 ? null : [.. b.IntervalMaxEnergyKwh],
            })]);
        try
        {
            offer.Validate(horizonSteps);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Operator at {endpoint} sent a malformed flexibility offer: {e.Message}", e);
        }

        if (!offer.Bands.Select(b => b.Quantile).SequenceEqual(offer.Bands.Select(b => b.Quantile).Order()))
        {
            throw new InvalidDataException($"Operator at {endpoint} sent its flexibility bands out of quantile order.");
        }

        return offer;
    }
}
