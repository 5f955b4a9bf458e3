using System.CommandLine;

namespace Consortium.Node.Cli;

/// <summary>
/// A command that only groups verbs, such as <c>dispatch</c> (<c>simulate</c>, <c>request</c>) or the executable itself:
/// given without one of them, it says which there are (exit code 2).
/// </summary>
public sealed class VerbGroup : Command
{
    /// <summary>A group whose verbs are added with <see cref="Command.Add(Command)"/> (or a collection initializer).</summary>
    public VerbGroup(string name, string description)
        : base(name, description) =>
        SetAction(new Action<ParseResult>(_ => throw new UsageException(
            $"{Name} needs what to do: {string.Join(", ", Subcommands.Select(c => c.Name).SkipLast(1))}{(Subcommands.Count > 1 ? " or " : string.Empty)}{Subcommands[^1].Name}")));
}
