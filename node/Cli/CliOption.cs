using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Consortium.Node.Cli;

/// <summary>
/// The kinds of option the verbs take, each checked as it is parsed: a value out of range or malformed is a parse error
/// that names the option and the value, shown with exit code 2 before any verb code runs. Every option gets a
/// description; one with a fixed default shows it in the help (<c>[default: 3]</c>), one whose default is not a fixed
/// value says it in its description the same way.
/// </summary>
/// <remarks>
/// An option given twice takes its last value, as the executable always has (a script may append an option to
/// override one it was given). <see cref="Repeatable"/> options keep every value instead.
/// </remarks>
public static class CliOption
{
    /// <summary>The largest number of vehicles or parameters a count option accepts at most (k and M suffixes).</summary>
    private const long CountLimit = int.MaxValue;

    private delegate bool TryParse<T>(string text, out T value, out string error);

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>], <paramref name="defaultValue"/> when absent.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue, int max = int.MaxValue, string helpName = "N")
    {
        var option = Single<int>(name, description, helpName, (string text, out int value, out string error) => TryInt(name, text, min, max, out value, out error));
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>], null when absent (the description says what that means).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue, int max = int.MaxValue, string helpName = "N") =>
        Single<int?>(name, description, helpName, (string text, out int? value, out string error) =>
        {
            var parsed = TryInt(name, text, min, max, out var number, out error);
            value = number;
            return parsed;
        });

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>], <paramref name="defaultValue"/> when absent.</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max, string helpName = "X")
    {
        var option = Single<double>(name, description, helpName, (string text, out double value, out string error) => TryNumber(name, text, min, max, out value, out error));
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>], null when absent (the description says what that means).</summary>
    public static Option<double?> OptionalNumber(string name, string description, double min, double max, string helpName = "X") =>
        Single<double?>(name, description, helpName, (string text, out double? value, out string error) =>
        {
            var parsed = TryNumber(name, text, min, max, out var number, out error);
            value = number;
            return parsed;
        });

    /// <summary>
    /// A count such as <c>10000</c>, <c>100k</c> or <c>1M</c> (k a thousand, M a million; <c>_</c> may group digits) within
    /// [<paramref name="min"/>, <paramref name="max"/>], <paramref name="defaultValue"/> when absent.
    /// </summary>
    public static Option<int> Count(string name, string description, int defaultValue, int min, int max, string helpName = "N")
    {
        var option = Single<int>(name, description, helpName, (string text, out int value, out string error) =>
        {
            if (TryCount(text, min, max, out value))
            {
                error = string.Empty;
                return true;
            }

            error = string.Create(CultureInfo.InvariantCulture, $"option {name} must be a count from {min:N0} to {max:N0} such as 10000, 100k or 1M, got '{text}'");
            return false;
        });
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>
    /// Counts separated by commas, each as in <see cref="Count"/> (e.g. <c>1M,10M</c>); null when absent (the description
    /// says what that means).
    /// </summary>
    public static Option<IReadOnlyList<int>?> Counts(string name, string description, int min, int max, string helpName = "N,N") =>
        Single<IReadOnlyList<int>?>(name, description, helpName, (string text, out IReadOnlyList<int>? value, out string error) =>
        {
            var counts = new List<int>();
            value = counts;
            error = string.Empty;
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TryCount(item, min, max, out var count))
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"option {name} takes counts from {min:N0} to {max:N0} separated by commas (k and M allowed), got '{item}'");
                    return false;
                }

                counts.Add(count);
            }

            if (counts.Count == 0)
            {
                error = $"option {name} needs at least one count";
                return false;
            }

            return true;
        });

    /// <summary>A flag: present or not (<c>--flag=false</c> also reads).</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>Any text, null when absent (the description says what that means).</summary>
    public static Option<string?> Text(string name, string description, string helpName = "TEXT") =>
        Single<string?>(name, description, helpName, (string text, out string? value, out string error) =>
        {
            value = text;
            error = string.Empty;
            return true;
        });

    /// <summary>Any text, which must be given.</summary>
    public static Option<string> RequiredText(string name, string description, string helpName = "TEXT")
    {
        var option = Single<string>(name, description, helpName, (string text, out string value, out string error) =>
        {
            value = text;
            error = string.Empty;
            return true;
        });
        option.Required = true;
        return option;
    }

    /// <summary>An absolute URL such as <c>http://127.0.0.1:8545</c>, null when absent (the description says what that means).</summary>
    public static Option<string?> Url(string name, string description, bool required = false)
    {
        var option = Single<string?>(name, description, "URL", (string text, out string? value, out string error) =>
        {
            value = text;
            error = $"option {name} must be an absolute URL such as http://127.0.0.1:8545, got '{text}'";
            return Uri.TryCreate(text, UriKind.Absolute, out _);
        });
        option.Required = required;
        return option;
    }

    /// <summary>A chain address (<c>0x</c> and 40 hex digits), null when absent.</summary>
    public static Option<ChainAddress?> Address(string name, string description, bool required = false)
    {
        var option = Single<ChainAddress?>(name, description, "ADDRESS", (string text, out ChainAddress? value, out string error) =>
        {
            var parsed = ChainAddress.TryParse(text, out var address);
            value = address;
            error = $"option {name} must be a 0x-prefixed 20-byte address, got '{text}'";
            return parsed;
        });
        option.Required = required;
        return option;
    }

    /// <summary>
    /// One of <paramref name="choices"/> by its word, in any case, the one named <paramref name="defaultName"/> when absent.
    /// </summary>
    public static Option<Choice<T>> Choice<T>(string name, string description, string defaultName, params Choice<T>[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var byName = choices.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var listed = choices.Select(c => c.Name).Distinct().ToList();
        var words = listed.Count == 2 ? $"{listed[0]} or {listed[1]}" : $"{string.Join(", ", listed[..^1])} or {listed[^1]}";
        var option = Single<Choice<T>>(name, description, string.Join('|', listed), (string text, out Choice<T> value, out string error) =>
        {
            error = $"option {name} must be {words}, got '{text}'";
            return byName.TryGetValue(text, out value);
        });
        var fallback = byName[defaultName];
        option.DefaultValueFactory = _ => fallback;
        option.CompletionSources.Add([.. listed]);
        return option;
    }

    /// <summary>
    /// A value <paramref name="parse"/> reads, which throws <see cref="FormatException"/> with a message saying what is
    /// wrong; <paramref name="defaultValue"/> when absent (and shown in the help unless null, when the description says
    /// what absence means).
    /// </summary>
    public static Option<T> Parsed<T>(string name, string description, T defaultValue, Func<string, T> parse, string helpName)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var option = Single<T>(name, description, helpName, (string text, out T value, out string error) =>
        {
            try
            {
                value = parse(text);
                error = string.Empty;
                return true;
            }
            catch (FormatException e)
            {
                value = defaultValue;
                error = $"option {name}: {e.Message}";
                return false;
            }
        });
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>
    /// A calendar day as yyyy-mm-dd; <paramref name="defaultValue"/> when absent, and "none" for none. The parser cannot
    /// hand back a null, so "none" binds as <see cref="NoDate"/>: read the value through <see cref="DayOrNull"/>.
    /// </summary>
    public static Option<DateOnly?> Date(string name, string description, DateOnly? defaultValue) =>
        Parsed<DateOnly?>(name, description, defaultValue, ParseDate, "YYYY-MM-DD");

    /// <summary>What "none" binds as in a <see cref="Date"/> option.</summary>
    public static readonly DateOnly NoDate = DateOnly.MinValue;

    /// <summary>A <see cref="Date"/> option's value, null for none.</summary>
    public static DateOnly? DayOrNull(DateOnly? value) => value == NoDate ? null : value;

    private static DateOnly? ParseDate(string text) =>
        text == "none" ? NoDate
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new FormatException($"'{text}' is not a date as yyyy-mm-dd (or none).");

    /// <summary>An option that may be given many times, each time with one value (<c>--sessions a.csv --sessions b.csv</c>).</summary>
    public static Option<string[]> Repeatable(string name, string description, string helpName = "TEXT") => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<T> Single<T>(string name, string description, string helpName, TryParse<T> parse) => new(name)
    {
        Description = description,
        HelpName = helpName,

        // Given twice, the last value counts; each occurrence still takes exactly one value.
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => Last(result, parse),
    };

    private static T? Last<T>(ArgumentResult result, TryParse<T> parse)
    {
        if (result.Tokens.Count == 0)
        {
            return default;
        }

        if (parse(result.Tokens[^1].Value, out var value, out var error))
        {
            return value;
        }

        result.AddError(error);
        return default;
    }

    private static bool TryInt(string name, string text, int min, int max, out int value, out string error)
    {
        error = string.Create(CultureInfo.InvariantCulture, $"option {name} must be a whole number from {min} to {max}, got '{text}'");
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool TryNumber(string name, string text, double min, double max, out double value, out string error)
    {
        error = string.Create(CultureInfo.InvariantCulture, $"option {name} must be a number from {min} to {max}, got '{text}'");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool TryCount(string text, int min, int max, out int value)
    {
        value = 0;
        var item = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (item.Length == 0)
        {
            return false;
        }

        var (digits, factor) = item[^1] switch
        {
            'k' or 'K' => (item[..^1], 1_000L),
            'M' or 'm' => (item[..^1], 1_000_000L),
            _ => (item, 1L),
        };
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count)
            || count > CountLimit || count * factor < min || count * factor > max)
        {
            return false;
        }

        value = (int)(count * factor);
        return true;
    }
}
