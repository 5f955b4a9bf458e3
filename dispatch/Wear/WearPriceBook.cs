using System.Text.Json;

namespace Consortium.Dispatch.Wear;

/// <summary>
/// A wear price per kWh discharged for every <see cref="BatteryChemistry"/>: what dispatch charges a vehicle for each
/// kWh it sends to the grid, by the chemistry of its pack. Built from each chemistry's fade and pack replacement cost
/// (<see cref="FromWear"/>, <see cref="Parse"/>, <see cref="Empirical"/>), or one price for all (<see cref="Uniform"/>).
/// </summary>
public sealed class WearPriceBook
{
    /// <summary>
    /// The default pack replacement cost per kWh of capacity, in pounds: BloombergNEF's 2024 battery price survey put the
    /// volume-weighted average pack price at US$115/kWh, about £90 at 0.78 £/$. It is a manufacturer's price, without
    /// the labour and margin of a replacement, so it understates wear rather than overstates it.
    /// </summary>
    public const double DefaultReplacementCostPerKwh = 90;

    private static readonly BatteryChemistry[] Chemistries = Enum.GetValues<BatteryChemistry>();

    private readonly double[] _prices;

    private WearPriceBook(double[] prices, IReadOnlyList<ChemistryWear>? wear)
    {
        _prices = prices;
        Wear = wear;
    }

    /// <summary>The fade and cost each price was derived from, one per chemistry; null for a <see cref="Uniform"/> book.</summary>
    public IReadOnlyList<ChemistryWear>? Wear { get; }

    /// <summary>Whether every chemistry has the same price, as dispatch had before prices were per chemistry.</summary>
    public bool IsUniform => Array.TrueForAll(_prices, p => p == _prices[0]);

    /// <summary>One price for every chemistry: the special case of a single wear price.</summary>
    /// <exception cref="ArgumentException">The price is negative or not finite.</exception>
    public static WearPriceBook Uniform(double pricePerKwh)
    {
        if (!(pricePerKwh >= 0 && double.IsFinite(pricePerKwh)))
        {
            throw new ArgumentException($"The wear price must be a finite price of zero or more, not {pricePerKwh}.", nameof(pricePerKwh));
        }

        var prices = new double[Chemistries.Length];
        Array.Fill(prices, pricePerKwh);
        return new WearPriceBook(prices, null);
    }

    /// <summary>Prices every chemistry from its fade and replacement cost (<see cref="ChemistryWear.PricePerKwhDischarged"/>).</summary>
    /// <exception cref="ArgumentException">A chemistry is missing or given twice, or an input is out of range; the message names
    /// the chemistry and the field.</exception>
    public static WearPriceBook FromWear(IEnumerable<ChemistryWear> wear)
    {
        ArgumentNullException.ThrowIfNull(wear);
        var byChemistry = new ChemistryWear?[Chemistries.Length];
        foreach (var entry in wear)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(wear));
            entry.Validate();
            if (byChemistry[(int)entry.Chemistry] is not null)
            {
                throw new ArgumentException($"{ChemistryName(entry.Chemistry)} is priced twice.", nameof(wear));
            }

            byChemistry[(int)entry.Chemistry] = entry;
        }

        var missing = Chemistries.Where(c => byChemistry[(int)c] is null).Select(ChemistryName).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"No wear given for {string.Join(", ", missing)}: every chemistry needs a price.", nameof(wear));
        }

        var entries = byChemistry.Select(e => e!).ToArray();
        return new WearPriceBook(entries.Select(e => e.PricePerKwhDischarged()).ToArray(), entries);
    }

    /// <summary>
    /// A book of prices given as they are, chemistry by chemistry (what a dispatch event's terms carry on the wire); a
    /// chemistry not given is priced at <paramref name="otherwise"/>.
    /// </summary>
    /// <param name="prices">Each chemistry's price per kWh discharged, each chemistry at most once.</param>
    /// <param name="otherwise">The price of every chemistry not in <paramref name="prices"/>; when null, every chemistry must be given.</param>
    /// <exception cref="ArgumentException">A chemistry is unknown, given twice or (without <paramref name="otherwise"/>) missing, or a
    /// price is negative or not finite; the message names the chemistry.</exception>
    public static WearPriceBook FromPrices(IEnumerable<KeyValuePair<BatteryChemistry, double>> prices, double? otherwise = null)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (otherwise is { } fallback && !(fallback >= 0 && double.IsFinite(fallback)))
        {
            throw new ArgumentException($"The wear price of chemistries not listed must be a finite price of zero or more, not {fallback}.", nameof(otherwise));
        }

        var given = new double?[Chemistries.Length];
        foreach (var (chemistry, price) in prices)
        {
            if (!Enum.IsDefined(chemistry))
            {
                throw new ArgumentException($"Chemistry {(int)chemistry} is not a chemistry of the battery data (LFP, NCM, NCA, NCM+NCA).", nameof(prices));
            }

            if (!(price >= 0 && double.IsFinite(price)))
            {
                throw new ArgumentException($"{ChemistryName(chemistry)}: the wear price must be a finite price of zero or more, not {price}.", nameof(prices));
            }

            if (given[(int)chemistry] is not null)
            {
                throw new ArgumentException($"{ChemistryName(chemistry)} is priced twice.", nameof(prices));
            }

            given[(int)chemistry] = price;
        }

        var missing = Chemistries.Where(c => given[(int)c] is null).Select(ChemistryName).ToArray();
        if (otherwise is null && missing.Length > 0)
        {
            throw new ArgumentException($"No wear price given for {string.Join(", ", missing)}: every chemistry needs a price.", nameof(prices));
        }

        return new WearPriceBook(given.Select(p => p ?? otherwise!.Value).ToArray(), null);
    }

    /// <summary>Every chemistry with its price, in the order of <see cref="BatteryChemistry"/>.</summary>
    public IReadOnlyList<KeyValuePair<BatteryChemistry, double>> Prices =>
        Chemistries.Select(c => KeyValuePair.Create(c, _prices[(int)c])).ToArray();

    /// <summary>The lowest price of any chemistry.</summary>
    public double Cheapest => _prices.Min();

    /// <summary>
    /// This book with every price raised to at least <paramref name="floorPerKwh"/> (prices above it unchanged): what a
    /// dispatch priced so that burning energy never pays charges (see <c>DispatchCosts.BurnFreeWear</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The floor is negative or not finite.</exception>
    public WearPriceBook AtLeast(double floorPerKwh)
    {
        if (!(floorPerKwh >= 0 && double.IsFinite(floorPerKwh)))
        {
            throw new ArgumentException($"The floor must be a finite price of zero or more, not {floorPerKwh}.", nameof(floorPerKwh));
        }

        return new WearPriceBook(_prices.Select(p => Math.Max(p, floorPerKwh)).ToArray(), null);
    }

    /// <summary>Whether both books charge the same price for every chemistry.</summary>
    public bool SamePricesAs(WearPriceBook other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _prices.AsSpan().SequenceEqual(other._prices);
    }

    /// <summary>
    /// Prices from the fade measured on the bundled cells (<see cref="MeasuredFade.BundledPerCyclePercent"/>), one
    /// replacement cost and one end of life for all chemistries.
    /// </summary>
    /// <exception cref="ArgumentException">The cost or the end of life is out of range.</exception>
    public static WearPriceBook Empirical(
        double replacementCostPerKwh = DefaultReplacementCostPerKwh, double endOfLifeSoHPercent = ChemistryWear.DefaultEndOfLifeSoHPercent) =>
        FromWear(Chemistries.Select(c => new ChemistryWear(c, MeasuredFade.BundledPerCyclePercent[c], replacementCostPerKwh, endOfLifeSoHPercent)));

    /// <summary>
    /// Reads a wear-prices file: a JSON object with an optional <c>replacementCostPerKwh</c> and <c>endOfLifeSoHPercent</c>
    /// for all chemistries (defaults <see cref="DefaultReplacementCostPerKwh"/> and 80), and <c>chemistries</c>, an object
    /// keyed by every chemistry's name (<c>LFP</c>, <c>NCM</c>, <c>NCA</c>, <c>NCM+NCA</c>) whose values hold
    /// <c>fadePerCyclePercent</c> and may override the other two.
    /// </summary>
    /// <exception cref="FormatException">The text is not such an object; the message names the field.</exception>
    /// <exception cref="ArgumentException">A chemistry is missing or a value out of range; the message names the chemistry and the field.</exception>
    public static WearPriceBook Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The wear prices are not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The wear prices must be a JSON object.");
            }

            var cost = Number(root, "replacementCostPerKwh", "the file") ?? DefaultReplacementCostPerKwh;
            var endOfLife = Number(root, "endOfLifeSoHPercent", "the file") ?? ChemistryWear.DefaultEndOfLifeSoHPercent;
            if (!root.TryGetProperty("chemistries", out var chemistries) || chemistries.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The wear prices need 'chemistries', an object keyed by chemistry name.");
            }

            var wear = new List<ChemistryWear>();
            foreach (var property in chemistries.EnumerateObject())
            {
                var chemistry = ParseChemistry(property.Name);
                var name = ChemistryName(chemistry);
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{name}: expected an object with 'fadePerCyclePercent'.");
                }

                var fade = Number(property.Value, "fadePerCyclePercent", name)
                    ?? throw new FormatException($"{name}: 'fadePerCyclePercent' is missing.");
                wear.Add(new ChemistryWear(
                    chemistry,
                    fade,
                    Number(property.Value, "replacementCostPerKwh", name) ?? cost,
                    Number(property.Value, "endOfLifeSoHPercent", name) ?? endOfLife));
            }

            return FromWear(wear);
        }
    }

    /// <summary>The chemistry's name as the battery data writes it: <c>LFP</c>, <c>NCM</c>, <c>NCA</c> or <c>NCM+NCA</c>.</summary>
    public static string ChemistryName(BatteryChemistry chemistry) => chemistry switch
    {
        BatteryChemistry.Lfp => "LFP",
        BatteryChemistry.Ncm => "NCM",
        BatteryChemistry.Nca => "NCA",
        BatteryChemistry.NcmNca => "NCM+NCA",
        _ => ((int)chemistry).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The chemistry named as the battery data writes it (case-insensitive).</summary>
    /// <exception cref="FormatException">The name is none of <c>LFP</c>, <c>NCM</c>, <c>NCA</c>, <c>NCM+NCA</c>.</exception>
    public static BatteryChemistry ParseChemistry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var chemistry in Chemistries)
        {
            if (string.Equals(ChemistryName(chemistry), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return chemistry;
            }
        }

        throw new FormatException($"'{name}' is not a chemistry of the battery data (LFP, NCM, NCA, NCM+NCA).");
    }

    /// <summary>The wear price per kWh discharged from a pack of <paramref name="chemistry"/>.</summary>
    public double PriceOf(BatteryChemistry chemistry) =>
        Enum.IsDefined(chemistry) ? _prices[(int)chemistry] : throw new ArgumentOutOfRangeException(nameof(chemistry), chemistry, "Not a known chemistry.");

    /// <summary>The prices as text: <c>0.05 for every chemistry</c>, or <c>LFP 0.0984, NCM 0.1708, …</c>, per kWh discharged.</summary>
    public override string ToString() => IsUniform
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_prices[0]:0.####} for every chemistry")
        : string.Join(", ", Chemistries.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ChemistryName(c)} {_prices[(int)c]:0.####}")));

    private static double? Number(JsonElement element, string field, string owner)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FormatException($"{owner}: '{field}' must be a number, not {value.ValueKind}.");
    }
}
