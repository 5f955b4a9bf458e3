namespace Consortium.Node.Cli;

/// <summary>
/// One of the words an option such as <c>--model gru|mlp</c> accepts, and what it stands for. Its text is the word, so
/// the help shows a default as it is typed.
/// </summary>
/// <typeparam name="T">What the words stand for.</typeparam>
/// <param name="Name">The word as typed.</param>
/// <param name="Value">What it stands for.</param>
public readonly record struct Choice<T>(string Name, T Value)
{
    /// <summary>The word as typed.</summary>
    public override string ToString() => Name;
}
