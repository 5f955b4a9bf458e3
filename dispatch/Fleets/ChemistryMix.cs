using System.Globalization;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Fleets;

/// <summary>
/// The share of a fleet's vehicles whose pack is of each <see cref="BatteryChemistry"/>: what fleets drawn without knowing
/// their vehicles' packs (synthetic fleets, fleets drawn from charging sessions) assign chemistries from, so that dispatch
/// can price each vehicle's discharge by its pack (<see cref="DispatchCosts.WearPrices"/>).
/// </summary>
public sealed class ChemistryMix
{
    private static readonly BatteryChemistry[] Chemistries = Enum.GetValues<BatteryChemistry>();

    private readonly double[] _shares;

    private ChemistryMix(double[] shares)
    {
        _shares = shares;
    }

    /// <summary>
    /// The default mix, a stated assumption and not a measured fleet: NCM 60 %, LFP 20 %, NCA 15 %, NCM+NCA 5 %. Nickel
    /// cathodes (NCM, and NCA in long-range packs) hold most of the cars on British and European roads; LFP is a growing
    /// minority (standard-range packs of the last few years); blended NCM+NCA cathodes are the newest and rarest.
    /// </summary>
    public static ChemistryMix Default { get; } = FromShares(
    [
        KeyValuePair.Create(BatteryChemistry.Ncm, 0.60),
        KeyValuePair.Create(BatteryChemistry.Lfp, 0.20),
        KeyValuePair.Create(BatteryChemistry.Nca, 0.15),
        KeyValuePair.Create(BatteryChemistry.NcmNca, 0.05),
    ]);

    /// <summary>Every vehicle of one chemistry.</summary>
    public static ChemistryMix Single(BatteryChemistry chemistry) =>
        FromShares([KeyValuePair.Create(chemistry, 1.0)]);

    /// <summary>A mix from each chemistry's share; chemistries not given have none.</summary>
    /// <exception cref="ArgumentException">A chemistry is unknown or given twice, a share is negative or not finite, or the
    /// shares do not add up to 1; the message names the chemistry.</exception>
    public static ChemistryMix FromShares(IEnumerable<KeyValuePair<BatteryChemistry, double>> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var given = new double?[Chemistries.Length];
        foreach (var (chemistry, share) in shares)
        {
            if (!Enum.IsDefined(chemistry))
            {
                throw new ArgumentException($"Chemistry {(int)chemistry} is not one of LFP, NCM, NCA, NCM+NCA.", nameof(shares));
            }

            var name = WearPriceBook.ChemistryName(chemistry);
            if (!(share >= 0 && share <= 1))
            {
                throw new ArgumentException($"{name}: a share must lie in [0, 1], not {share}.", nameof(shares));
            }

            if (given[(int)chemistry] is not null)
            {
                throw new ArgumentException($"{name} is given twice in the chemistry mix.", nameof(shares));
            }

            given[(int)chemistry] = share;
        }

        var values = given.Select(s => s ?? 0).ToArray();
        var sum = values.Sum();
        if (Math.Abs(sum - 1) > 1e-6)
        {
            throw new ArgumentException($"The chemistry shares add up to {sum.ToString(CultureInfo.InvariantCulture)}, not 1.", nameof(shares));
        }

        return new ChemistryMix(values);
    }

    /// <summary>
    /// Reads a mix written <c>LFP=0.2,NCM=0.6,NCA=0.15,NCM+NCA=0.05</c> (chemistry names as the battery data writes them,
    /// case-insensitive; shares as invariant decimals adding up to 1), or one chemistry's name alone for a fleet of it.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a list; the message names the part at fault.</exception>
    public static ChemistryMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("The chemistry mix is empty; write e.g. LFP=0.2,NCM=0.6,NCA=0.15,NCM+NCA=0.05.");
        }

        if (parts.Length == 1 && !parts[0].Contains('=', StringComparison.Ordinal))
        {
            return Single(WearPriceBook.ParseChemistry(parts[0]));
        }

        var shares = new List<KeyValuePair<BatteryChemistry, double>>();
        foreach (var part in parts)
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{part}' is not CHEMISTRY=SHARE.");
            }

            var chemistry = WearPriceBook.ParseChemistry(part[..equals]);
            if (!double.TryParse(part[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
            {
                throw new FormatException($"'{part}': the share '{part[(equals + 1)..]}' is not a number.");
            }

            shares.Add(KeyValuePair.Create(chemistry, share));
        }

        try
        {
            return FromShares(shares);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The share of vehicles of <paramref name="chemistry"/>.</summary>
    public double ShareOf(BatteryChemistry chemistry) =>
        Enum.IsDefined(chemistry) ? _shares[(int)chemistry] : throw new ArgumentOutOfRangeException(nameof(chemistry), chemistry, "Not a known chemistry.");

    /// <summary>
    /// Chemistries for <paramref name="count"/> vehicles: each chemistry's share of them rounded by largest remainder (so a
    /// fleet follows the mix as closely as whole vehicles allow), in an order shuffled by <paramref name="seed"/>. The same
    /// seed gives the same chemistries; the draws are apart from any other draws of the fleet, so adding chemistries
    /// changed no other attribute of fleets drawn before.
    /// </summary>
    public BatteryChemistry[] Assign(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var quota = new int[_shares.Length];
        var remainders = new double[_shares.Length];
        var assigned = 0;
        for (var c = 0; c < _shares.Length; c++)
        {
            var exact = _shares[c] * count;
            quota[c] = (int)Math.Floor(exact);
            remainders[c] = exact - quota[c];
            assigned += quota[c];
        }

        // Largest remainder first; ties to the chemistry with the larger share, then to the earlier one.
        var order = Enumerable.Range(0, _shares.Length).OrderByDescending(c => remainders[c]).ThenByDescending(c => _shares[c]).ThenBy(c => c).ToArray();
        for (var k = 0; assigned < count; k = (k + 1) % order.Length)
        {
            if (_shares[order[k]] > 0)
            {
                quota[order[k]]++;
                assigned++;
            }
        }

        var chemistries = new BatteryChemistry[count];
        var next = 0;
        for (var c = 0; c < quota.Length; c++)
        {
            Array.Fill(chemistries, Chemistries[c], next, quota[c]);
            next += quota[c];
        }

        // Its own stream: a fixed odd multiplier and offset keep it apart from the fleet's other draws with the same seed.
        new Random(unchecked((seed * 486_187_739) + 0x5EED)).Shuffle(chemistries);
        return chemistries;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(
        ",",
        Chemistries.Where(c => _shares[(int)c] > 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{WearPriceBook.ChemistryName(c)}={_shares[(int)c]}")));
}
