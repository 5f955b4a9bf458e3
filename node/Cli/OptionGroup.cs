using System.CommandLine;

namespace Consortium.Node.Cli;

/// <summary>
/// Options that several verbs share and that make one value together, such as <c>--chain-id</c>, <c>--gas-price</c> and
/// <c>--confirmations</c> making a <see cref="Contracts.Chain.ChainConnectionOptions"/>. A verb adds the group with one
/// line, like a single option (see <see cref="Verb{TArguments}.Add{TValue}(OptionGroup{TValue}, Func{TArguments, TValue, TArguments})"/>).
/// </summary>
/// <typeparam name="TValue">The value the options make.</typeparam>
/// <param name="Options">The options, in the order the help lists them.</param>
/// <param name="Read">Makes the value from a parse result without errors.</param>
public sealed record OptionGroup<TValue>(IReadOnlyList<Option> Options, Func<ParseResult, TValue> Read);
