using System.Globalization;

namespace Consortium.Node.Cli;

/// <summary>
/// The options of one verb: <c>--name value</c> pairs and bare <c>--flag</c>s. Every option a verb
/// does not read is reported as unknown, so a typo fails loudly instead of being ignored.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(IReadOnlyList<string> positional) => Positional = positional;

    /// <summary>Words before the first option (the verb and sub-verbs).</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        var i = 0;
        for (; i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            positional.Add(args[i]);
        }

        var line = new CommandLine(positional);
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string value;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (flags.Contains(name))
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"option --{name} needs a value");
            }

            if (!line._values.TryGetValue(name, out var list))
            {
                list = [];
                line._values.Add(name, list);
            }

            list.Add(value);
        }

        return line;
    }

    /// <summary>The option's value, or <paramref name="fallback"/> when absent.</summary>
    public string? Text(string name, string? fallback = null)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list[^1] : fallback;
    }

    /// <summary>Every value of a repeatable option.</summary>
    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    /// <summary>The value of a required option.</summary>
    public string Required(string name) =>
        Text(name) ?? throw new UsageException($"option --{name} is required");

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"option --{name} must be a whole number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    /// <summary>A number option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Double(string name, double fallback, double min, double max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new UsageException($"option --{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        }

        return value;
    }

    /// <summary>Whether a flag is present.</summary>
    public bool Flag(string name) => Text(name) is "true";

    /// <summary>Throws for any option given but never read by the verb.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : string.Empty)}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
