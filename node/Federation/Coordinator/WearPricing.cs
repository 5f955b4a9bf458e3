using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Wear;
using Consortium.Fl.Models;
using Consortium.Network.Federation;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// What a published set of wear prices was derived from, in the form its hash on chain covers: the battery-health
/// round and model, each chemistry's fade per cycle pooled over the automakers' cells, and the stated pack replacement
/// cost and end of life. Anyone holding this text recomputes every price (<see cref="Prices"/>) and its hash.
/// </summary>
public sealed class WearAssumptions
{
    /// <summary>Wear prices on chain are in units of 10^-18 of the consortium's currency per kWh discharged.</summary>
    public const decimal UnitsPerCurrency = 1_000_000_000_000_000_000m;

    /// <summary>The finalized battery-health round whose model gave the fade.</summary>
    [JsonPropertyName("round")]
    public ulong Round { get; set; }

    /// <summary>That round's new model hash.</summary>
    [JsonPropertyName("modelHash")]
    public string ModelHash { get; set; } = string.Empty;

    /// <summary>How the fade was obtained.</summary>
    [JsonPropertyName("method")]
    public string Method { get; set; } = string.Empty;

    /// <summary>Pack replacement cost per kWh of capacity, in the consortium's currency.</summary>
    [JsonPropertyName("replacementCostPerKwh")]
    public double ReplacementCostPerKwh { get; set; }

    /// <summary>State of health in percent at which a pack is replaced.</summary>
    [JsonPropertyName("endOfLifeSohPercent")]
    public double EndOfLifeSohPercent { get; set; }

    /// <summary>Each chemistry's fade, ordered by label.</summary>
    [JsonPropertyName("fade")]
    public List<ChemistryFadeAssumption> Fade { get; set; } = [];

    /// <summary>The canonical text whose keccak-256 is published as the assumptions hash.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The keccak-256 of <see cref="ToJson"/>'s UTF-8 bytes.</summary>
    public Hash32 Hash() => Keccak.Hash(Encoding.UTF8.GetBytes(ToJson()));

    /// <summary>Reads assumptions written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such assumptions.</exception>
    public static WearAssumptions Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WearAssumptions>(json, Options) ?? throw new FormatException("The wear assumptions are null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The wear assumptions do not parse: {e.Message}", e);
        }
    }

    /// <summary>The price book the assumptions give: each chemistry's fade at the stated cost and end of life.</summary>
    /// <exception cref="ArgumentException">A chemistry is missing, unknown or given twice, or a value is out of range.</exception>
    public WearPriceBook Book()
    {
        try
        {
            return WearPriceBook.FromWear(Fade.Select(f => new ChemistryWear(
                WearPriceBook.ParseChemistry(f.Chemistry), f.FadePerCyclePercent, ReplacementCostPerKwh, EndOfLifeSohPercent)));
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>The prices as the ledger takes them: ordered labels, units of 10^-18 of the currency per kWh.</summary>
    public IReadOnlyList<WearPrice> Prices()
    {
        var book = Book();
        return [.. Fade.Select(f => f.Chemistry).Order(StringComparer.Ordinal).Select(label =>
            new WearPrice(label, ToUnits(book.PriceOf(WearPriceBook.ParseChemistry(label)))))];
    }

    /// <summary>A price in the currency as the ledger's integer units, rounded to the nearest.</summary>
    public static BigInteger ToUnits(double price) => new(decimal.Round((decimal)price * UnitsPerCurrency, MidpointRounding.ToEven));

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
}

/// <summary>One chemistry's fade in <see cref="WearAssumptions"/>.</summary>
public sealed class ChemistryFadeAssumption
{
    /// <summary>The chemistry's label, such as "NCM".</summary>
    [JsonPropertyName("chemistry")]
    public string Chemistry { get; set; } = string.Empty;

    /// <summary>Mean over the forecasts of the percentage points of state of health lost per equivalent full cycle.</summary>
    [JsonPropertyName("fadePerCyclePercent")]
    public double FadePerCyclePercent { get; set; }

    /// <summary>Forecasts the mean is over, across automakers (one per cycle with enough history).</summary>
    [JsonPropertyName("samples")]
    public long Samples { get; set; }
}

/// <summary>Wear prices a coordinator published: the assumptions and the transaction.</summary>
/// <param name="Assumptions">What the prices were derived from.</param>
/// <param name="Prices">The prices published.</param>
/// <param name="Transaction">The publishing transaction.</param>
public sealed record WearPublication(WearAssumptions Assumptions, IReadOnlyList<WearPrice> Prices, LedgerTransaction Transaction);

/// <summary>
/// Prices battery wear from the federated battery-health model: the coordinator asks each automaker for the fade per
/// cycle the model of a finalized battery-health round gives on its cells (sums by chemistry, never a cell), pools them,
/// prices each chemistry at a stated pack replacement cost and end of life (<see cref="ChemistryWear"/>), and publishes
/// the prices on chain with the round, so dispatch pays for the wear the consortium's model predicts.
/// </summary>
public static class WearPricing
{
    /// <summary>How the fade is obtained, as the assumptions state it.</summary>
    public const string Method =
        "the model's capacity-fade forecaster, from every cycle of every cell with 50 cycles of history: the average fade per cycle it forecasts over the next 50 cycles; mean over the forecasts of each chemistry, pooled across automakers, and zero where that mean is negative (a model that forecasts no fade prices no wear); a lab cycle is one equivalent full cycle";

    /// <summary>
    /// The wear prices the chain holds: the latest publication's price per chemistry (in the currency), or null when none
    /// was ever published. Chemistries it does not price keep <paramref name="otherwise"/>.
    /// </summary>
    public static async Task<WearPriceBook?> PublishedAsync(IDispatchLedger dispatch, double otherwise)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        var latest = await dispatch.GetWearPricesAsync().ConfigureAwait(false);
        if (latest.RoundId == 0)
        {
            return null;
        }

        var publication = (await dispatch.GetWearPricesPublishedEventsAsync(latest.RoundId).ConfigureAwait(false)).Single();
        return WearPriceBook.FromPrices(
            publication.Prices.Select(p => KeyValuePair.Create(WearPriceBook.ParseChemistry(p.Chemistry), (double)((decimal)p.WeiPerKwh / WearAssumptions.UnitsPerCurrency))),
            otherwise);
    }

    /// <summary>Collects the automakers' fade sums, prices them and publishes the prices on chain.</summary>
    /// <exception cref="InvalidOperationException">No automaker answered, or a chemistry the prices need has no cell.</exception>
    public static async Task<WearPublication> PublishAsync(
        IDispatchLedger dispatch,
        IReadOnlyList<RemoteMember> automakers,
        ulong roundId,
        ModelCheckpoint model,
        double replacementCostPerKwh,
        double endOfLifeSohPercent,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(automakers);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(progress);
        var bytes = model.ToBytes();
        var pooled = new SortedDictionary<string, ChemistryFade>(StringComparer.Ordinal);
        foreach (var automaker in automakers)
        {
            var fades = await automaker.Client.WearAsync((long)roundId, bytes, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"  {automaker.Name,-16} fade sums of {string.Join(", ", fades.Select(f => $"{f.Samples} {f.Chemistry}"))} forecasts");
            foreach (var fade in fades)
            {
                pooled[fade.Chemistry] = pooled.TryGetValue(fade.Chemistry, out var sum) ? sum.Plus(fade) : fade;
            }
        }

        var assumptions = new WearAssumptions
        {
            Round = roundId,
            ModelHash = Keccak.Hash(bytes).ToString(),
            Method = Method,
            ReplacementCostPerKwh = replacementCostPerKwh,
            EndOfLifeSohPercent = endOfLifeSohPercent,
            Fade = [.. pooled.Values.Select(f => new ChemistryFadeAssumption { Chemistry = f.Chemistry, FadePerCyclePercent = Math.Max(0, f.MeanFadePerCycle), Samples = f.Samples })],
        };
        IReadOnlyList<WearPrice> prices;
        try
        {
            prices = assumptions.Prices();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The automakers' fade does not price every chemistry: {e.Message}", e);
        }

        var transaction = await dispatch.PublishWearPricesAsync(roundId, prices, assumptions.Hash(), cancellationToken).ConfigureAwait(false);
        foreach (var fade in assumptions.Fade)
        {
            var price = prices.Single(p => p.Chemistry == fade.Chemistry);
            progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {fade.Chemistry,-8} {fade.FadePerCyclePercent,8:F4} points per cycle over {fade.Samples,6} forecasts -> wear {(decimal)price.WeiPerKwh / WearAssumptions.UnitsPerCurrency:F4} per kWh discharged"));
        }

        return new WearPublication(assumptions, prices, transaction);
    }
}
