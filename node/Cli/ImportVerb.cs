using Consortium.Node.Import;

namespace Consortium.Node.Cli;

/// <summary><c>consortium import</c>: fills operators' stores from the bundled session data.</summary>
public static class ImportVerb
{
    /// <summary>Runs the verb.</summary>
    public static int Run(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var operators = line.Int("operators", 3, 2, 40);
        var dataDir = Path.GetFullPath(line.Text("data-dir") ?? Path.Combine(Directory.GetCurrentDirectory(), "consortium-data"));
        line.RejectUnknown();
        CouncilImport.Run(dataDir, operators, Console.Out);
        return 0;
    }
}
