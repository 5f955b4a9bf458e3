using System.Globalization;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// A consortium's choice of how updates are combined, as configuration: the kind of rule, its
/// parameters, and an optional norm bound. <see cref="CreateAggregator"/> turns it into the rule.
/// </summary>
/// <param name="Kind">Mean, median, trimmed mean or multi-Krum.</param>
/// <param name="NormBound">Optional L2 bound on each update's change to the global model.</param>
public sealed record AggregationRule(AggregatorKind Kind = AggregatorKind.Mean, double? NormBound = null)
{
    /// <summary>Plain weighted mean, no bound: federated averaging.</summary>
    public static AggregationRule Mean { get; } = new();

    /// <summary>β for <see cref="AggregatorKind.TrimmedMean"/>: the fraction dropped at each end.</summary>
    public double TrimFraction { get; init; } = 0.1;

    /// <summary>f for <see cref="AggregatorKind.MultiKrum"/>: the number of arbitrary updates withstood.</summary>
    public int AssumedByzantine { get; init; } = 1;

    /// <summary>m for <see cref="AggregatorKind.MultiKrum"/>: updates kept, or null for n − f.</summary>
    public int? Selected { get; init; }

    /// <summary>The rule this configuration describes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of its range.</exception>
    public UpdateAggregator CreateAggregator() => Kind switch
    {
        AggregatorKind.Mean => new MeanAggregator(NormBound),
        AggregatorKind.Median => new MedianAggregator(NormBound),
        AggregatorKind.TrimmedMean => new TrimmedMeanAggregator(TrimFraction, NormBound),
        AggregatorKind.MultiKrum => new MultiKrumAggregator(AssumedByzantine, Selected, NormBound),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown aggregator kind."),
    };

    /// <summary>
    /// Reads the text form written by <see cref="ToString"/>: <c>mean</c>, <c>median</c>,
    /// <c>trimmed-mean[:β]</c> or <c>multi-krum[:f[:m]]</c>, optionally followed by <c>,norm=B</c>;
    /// e.g. <c>trimmed-mean:0.2,norm=5</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a rule.</exception>
    public static AggregationRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(',', StringSplitOptions.TrimEntries);
        double? bound = null;
        foreach (var option in parts.AsSpan(1))
        {
            if (!option.StartsWith("norm=", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"'{option}' in aggregator '{text}' is not norm=B.");
            }

            bound = Number(option[5..], text);
        }

        var fields = parts[0].Split(':', StringSplitOptions.TrimEntries);
        var name = fields[0].ToLowerInvariant();
        var rule = (name, fields.Length) switch
        {
            ("mean", 1) => new AggregationRule(AggregatorKind.Mean, bound),
            ("median", 1) => new AggregationRule(AggregatorKind.Median, bound),
            ("trimmed-mean", 1) => new AggregationRule(AggregatorKind.TrimmedMean, bound),
            ("trimmed-mean", 2) => new AggregationRule(AggregatorKind.TrimmedMean, bound) { TrimFraction = Number(fields[1], text) },
            ("multi-krum", 1) => new AggregationRule(AggregatorKind.MultiKrum, bound),
            ("multi-krum", 2) => new AggregationRule(AggregatorKind.MultiKrum, bound) { AssumedByzantine = Count(fields[1], text) },
            ("multi-krum", 3) => new AggregationRule(AggregatorKind.MultiKrum, bound) { AssumedByzantine = Count(fields[1], text), Selected = Count(fields[2], text) },
            _ => throw new FormatException($"'{text}' is not an aggregator: use mean, median, trimmed-mean[:β] or multi-krum[:f[:m]], optionally with ,norm=B."),
        };
        return rule;
    }

    /// <summary>The text form <see cref="Parse"/> reads.</summary>
    public override string ToString()
    {
        var kind = Kind switch
        {
            AggregatorKind.Median => "median",
            AggregatorKind.TrimmedMean => string.Create(CultureInfo.InvariantCulture, $"trimmed-mean:{TrimFraction:R}"),
            AggregatorKind.MultiKrum when Selected is { } m => string.Create(CultureInfo.InvariantCulture, $"multi-krum:{AssumedByzantine}:{m}"),
            AggregatorKind.MultiKrum => string.Create(CultureInfo.InvariantCulture, $"multi-krum:{AssumedByzantine}"),
            _ => "mean",
        };
        return NormBound is { } bound ? string.Create(CultureInfo.InvariantCulture, $"{kind},norm={bound:R}") : kind;
    }

    private static double Number(string text, string rule) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' in aggregator '{rule}' is not a number.");

    private static int Count(string text, string rule) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' in aggregator '{rule}' is not a whole number.");
}
