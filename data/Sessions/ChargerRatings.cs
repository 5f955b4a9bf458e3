using System.Globalization;
using System.Text.RegularExpressions;

namespace Consortium.Data.Sessions;

/// <summary>Rated power of a charger from its published model name ("APT 7kW Dual Outlet", "APT Triple Rapid Charger").</summary>
public static partial class ChargerRatings
{
    /// <summary>Rated DC power assumed for rapid chargers whose name gives no figure.</summary>
    public const double RapidKw = 50;

    /// <summary>Rated power assumed for "semi-rapid" AC chargers.</summary>
    public const double SemiRapidKw = 22;

    /// <summary>The rated power in kW, or <see langword="null"/> when the name does not tell.</summary>
    public static double? RatedPowerKw(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var figure = Kilowatts().Match(model);
        if (figure.Success)
        {
            return double.Parse(figure.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (model.Contains("semi-rapid", StringComparison.OrdinalIgnoreCase))
        {
            return SemiRapidKw;
        }

        return model.Contains("rapid", StringComparison.OrdinalIgnoreCase) ? RapidKw : null;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*kW", RegexOptions.IgnoreCase)]
    private static partial Regex Kilowatts();
}
