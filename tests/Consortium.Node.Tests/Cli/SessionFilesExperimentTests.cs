using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Consortium.Node.Cli;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

public sealed class SessionFilesExperimentTests : IDisposable
{
    private const string Columns = "site=Location,start=Begin,end=Finish,kwh=Energy kWh,chargepoint=Charger";
    private readonly TemporaryDirectory _folder = new();

    [Fact]
    public async Task EachSessionFileIsAnOperatorOfTheExperiment()
    {
        var north = WriteSessions("north.csv", ["Harbour", "Station", "Market"], seed: 1);
        var south = WriteSessions("south.csv", ["Campus", "Depot"], seed: 2);
        var report = Path.Combine(_folder.Path, "out", "experiment.json");

        var run = await CliRun.RunAsync(
            "experiment", "--sessions", north, "--sessions", south, "--columns", Columns, "--delimiter", ";", "--decimal", ",", "--time-format", "yyyy-MM-dd HH:mm",
            "--rounds", "1", "--window-stride", "24", "--model", "mlp", "--settings", "baselines,strategies", "--report", report);

        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        var results = json["results"]!.AsArray();
        Assert.Equal(3 + 4, results.Count);
        foreach (var result in results)
        {
            Assert.Equal(["north", "south"], result!["operators"]!.AsObject().Select(p => p.Key).Order());
        }

        Assert.Contains("left out", run.Output);
        var plot = await File.ReadAllBytesAsync(Path.ChangeExtension(report, ".png"));
        Assert.True(plot.Length > 10_000);
    }

    [Fact]
    public async Task FileWithoutTheMappedColumnIsNamedWithLineAndColumn()
    {
        var file = WriteSessions("broken.csv", ["Harbour"], seed: 3, energyHeader: "kWh delivered");

        var run = await CliRun.RunAsync(
            "experiment", "--sessions", file, "--columns", Columns, "--delimiter", ";", "--decimal", ",", "--time-format", "yyyy-MM-dd HH:mm", "--report", Path.Combine(_folder.Path, "r.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("consortium experiment failed:", run.Error);
        Assert.Contains(file, run.Error);
        Assert.Contains("line 1", run.Error);
        Assert.Contains("'Energy kWh'", run.Error);
    }

    [Fact]
    public async Task BadMappingIsAUsageErrorAndBadFileAFailure()
    {
        var file = WriteSessions("broken.csv", ["Harbour"], seed: 3, energyHeader: "kWh delivered");

        Assert.Equal(2, await ConsortiumCli.RunAsync(["experiment", "--sessions", file, "--columns", "site=Location,start=Begin"]));
        Assert.Equal(1, await ConsortiumCli.RunAsync(["experiment", "--sessions", file, "--columns", Columns, "--delimiter", ";", "--decimal", ",", "--report", Path.Combine(_folder.Path, "r.json")]));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Four weeks of sessions at each site: two a day, times and energies varying by day.</summary>
    private string WriteSessions(string name, IReadOnlyList<string> sites, int seed, string energyHeader = "Energy kWh")
    {
        var random = new Random(seed);
        var text = new StringBuilder($"Location;Charger;Begin;Finish;{energyHeader}\n");
        var first = new DateTime(2021, 3, 1);
        for (var day = 0; day < 28; day++)
        {
            foreach (var site in sites)
            {
                for (var session = 0; session < 2; session++)
                {
                    var start = first.AddDays(day).AddHours(7 + (session * 9) + random.Next(0, 3)).AddMinutes(random.Next(0, 60));
                    var end = start.AddMinutes(random.Next(45, 300));
                    var energy = (4 + (random.NextDouble() * 30)).ToString("F2", CultureInfo.InvariantCulture).Replace('.', ',');
                    text.Append(CultureInfo.InvariantCulture, $"{site};{site}-{session + 1};{start:yyyy-MM-dd HH:mm};{end:yyyy-MM-dd HH:mm};{energy}\n");
                }
            }
        }

        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
