using Consortium.Node.Import;

namespace Consortium.Node.Cli;

/// <summary><c>consortium import</c>: fills operators' stores from the bundled session data (<see cref="CouncilImport"/>).</summary>
public static class ImportVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "import",
        "Import the bundled Scottish council sessions into operators' stores and print the counts.",
        new Arguments(0, string.Empty),
        Run)
    {
        { CliOption.Int("--operators", "operators to split the councils' sites between", 3, 2, 40), (a, v) => a with { Operators = v } },
        { CliOption.Text("--data-dir", "where the operators' stores are written [default: ./consortium-data]", "DIR"), (a, v) => a with { DataDir = Path.GetFullPath(v ?? Path.Combine(Directory.GetCurrentDirectory(), "consortium-data")) } },
    };

    private static Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        CouncilImport.Run(arguments.DataDir, arguments.Operators, output);
        return Task.FromResult(0);
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Operators">Operators to split the sites between.</param>
    /// <param name="DataDir">Where their stores are written (absolute).</param>
    public sealed record Arguments(int Operators, string DataDir);
}
