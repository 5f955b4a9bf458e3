using System.CommandLine;

namespace Consortium.Node.Cli;

/// <summary>
/// A verb (or sub-verb) of the <c>consortium</c> executable: its options, each with what it sets in the verb's
/// arguments record, and the code that runs with that record. Declared as a collection initializer, one line per
/// option, so adding an option is adding a line:
/// <code>
/// new Verb&lt;ImportVerb.Arguments&gt;("import", "…", new ImportVerb.Arguments(0, ""), Run)
/// {
///     { CliOption.Int("--operators", "operators to split the councils' sites between", 3, min: 2, max: 40), (a, v) =&gt; a with { Operators = v } },
///     { CliOption.Text("--data-dir", "where the stores are written [default: ./consortium-data]", "DIR"), (a, v) =&gt; a with { DataDir = … } },
/// };
/// </code>
/// The record starts as <c>seed</c> and every option's line is applied in order, given or not (an absent option
/// passes its default), so a later line may read what an earlier one set.
/// </summary>
/// <typeparam name="TArguments">What the verb's code runs with: the typed options record of the code it calls, or
/// a small record of the verb's own when that code takes several things.</typeparam>
public sealed class Verb<TArguments> : Command
{
    private readonly TArguments _seed;
    private readonly List<Func<ParseResult, TArguments, TArguments>> _binders = [];

    /// <summary>A verb that runs <paramref name="run"/> with its bound arguments.</summary>
    /// <param name="name">The verb as typed, e.g. <c>demo</c> or <c>simulate</c>.</param>
    /// <param name="description">What it does, for the help.</param>
    /// <param name="seed">The record the options are applied to.</param>
    /// <param name="run">Runs the verb with its arguments, writing to the given output; returns the exit code. It
    /// throws <see cref="UsageException"/> for a command line that parses but does not make sense (exit code 2).</param>
    public Verb(string name, string description, TArguments seed, Func<TArguments, TextWriter, CancellationToken, Task<int>> run)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(run);
        _seed = seed;
        SetAction((result, cancellationToken) => run(Bind(result), result.InvocationConfiguration.Output, cancellationToken));
    }

    /// <summary>Adds <paramref name="option"/>; <paramref name="bind"/> sets its value in the arguments.</summary>
    public void Add<TValue>(Option<TValue> option, Func<TArguments, TValue, TArguments> bind)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(bind);
        Options.Add(option);
        _binders.Add((result, arguments) => bind(arguments, result.GetValue(option)!));
    }

    /// <summary>Adds the options of <paramref name="group"/>; <paramref name="bind"/> sets the value they make together.</summary>
    public void Add<TValue>(OptionGroup<TValue> group, Func<TArguments, TValue, TArguments> bind)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(bind);
        foreach (var option in group.Options)
        {
            Options.Add(option);
        }

        _binders.Add((result, arguments) => bind(arguments, group.Read(result)));
    }

    /// <summary>The arguments a command line without parse errors gives this verb.</summary>
    /// <exception cref="UsageException">The options parse but do not fit together.</exception>
    public TArguments Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var arguments = _seed;
        foreach (var bind in _binders)
        {
            arguments = bind(result, arguments);
        }

        return arguments;
    }
}
