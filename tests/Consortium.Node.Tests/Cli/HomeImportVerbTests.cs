using Consortium.Data.Councils;
using Consortium.Node.Store;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary><c>consortium import --home</c>: an operator's own data into its own node's store, from a bundled council export or its own files.</summary>
public sealed class HomeImportVerbTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _passwordFile;

    public HomeImportVerbTests()
    {
        _passwordFile = Path.Combine(_directory.Path, "password");
        File.WriteAllText(_passwordFile, "a long enough password");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ACouncilExportGoesIntoTheNodesStoreWithTheSitesAskedFor()
    {
        var home = await InitAsync("operator", "dundee-a");
        var council = Path.Combine(ScottishCouncilData.LocateRoot(), "dundee");

        var all = await CliRun.RunAsync("import", "--home", home, "--council", council);
        string[] chosen;
        using (var store = NodeStore.OpenReadOnly(Path.Combine(home, "node.db")))
        {
            chosen = [.. store.LoadSites().Take(2).Select(s => s.Name)];
        }

        var some = await CliRun.RunAsync("import", "--home", home, "--council", council, "--sites", string.Join(',', chosen));

        Assert.True(all.ExitCode == 0, all.Error);
        Assert.True(some.ExitCode == 0, some.Error);
        Assert.Contains("dundee-a: 2 sites", some.Output);
        Assert.Contains("2017-09-01 to 2018-09-01", some.Output);
        using var reopened = NodeStore.OpenReadOnly(Path.Combine(home, "node.db"));
        Assert.Equal(chosen, reopened.LoadSites().Select(s => s.Name));
        Assert.All(reopened.LoadSessions()!, s => Assert.Contains(s.Site, chosen));
        Assert.NotEmpty(reopened.LoadSessions()!);
    }

    [Fact]
    public async Task AnOperatorsOwnFilesAreReadWithTheirOwnLayout()
    {
        var home = await InitAsync("operator", "fife-a");
        var file = Path.Combine(_directory.Path, "sessions.csv");
        await File.WriteAllLinesAsync(file,
        [
            "station;begin;finish;energy",
            "Depot North;2024-03-01 08:10;2024-03-01 10:40;21,5",
            "Depot North;2024-03-01 18:00;2024-03-01 19:00;7,0",
            "Depot South;2024-03-02 07:30;2024-03-02 09:00;12,25",
            "Depot South;not a time;2024-03-02 09:00;3,0",
        ]);

        var import = await CliRun.RunAsync(
            "import", "--home", home, "--sessions", file, "--delimiter", ";", "--decimal", ",", "--time-format", "yyyy-MM-dd HH:mm",
            "--columns", "site=station,start=begin,end=finish,kwh=energy");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("fife-a: 2 sites, 3 sessions, 2024-03-01 to 2024-03-02", import.Output);
        using var store = NodeStore.OpenReadOnly(Path.Combine(home, "node.db"));
        var sites = store.LoadSites();
        Assert.Equal(["Depot North", "Depot South"], sites.Select(s => s.Name));
        Assert.Equal(21.5 + 7.0, sites[0].TotalKWh, 3);
        Assert.Equal(new DateTime(2024, 3, 1, 8, 0, 0), sites[0].FirstHour);
    }

    [Fact]
    public async Task WrongSitesRolesAndOptionMixesAreRefusedWithAReason()
    {
        var home = await InitAsync("operator", "dundee-b");
        var coordinator = await InitAsync("coordinator", "coordinator");
        var council = Path.Combine(ScottishCouncilData.LocateRoot(), "dundee");

        var unknownSite = await CliRun.RunAsync("import", "--home", home, "--council", council, "--sites", "Nowhere Car Park");
        var notOperator = await CliRun.RunAsync("import", "--home", coordinator, "--council", council);
        var both = await CliRun.RunAsync("import", "--home", home, "--council", council, "--sessions", "x.csv");
        var neither = await CliRun.RunAsync("import", "--home", home);
        var sitesWithoutHome = await CliRun.RunAsync("import", "--council", council);
        var missingFolder = await CliRun.RunAsync("import", "--home", home, "--council", Path.Combine(_directory.Path, "nowhere"));

        Assert.Equal(1, unknownSite.ExitCode);
        Assert.Contains("no sessions at 'Nowhere Car Park'", unknownSite.Error);
        Assert.Equal(2, notOperator.ExitCode);
        Assert.Contains("coordinator is a coordinator node; charging sessions go into an operator's store", notOperator.Error);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("either --council DIR or --sessions FILE", both.Error);
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(2, sitesWithoutHome.ExitCode);
        Assert.Contains("give --home DIR", sitesWithoutHome.Error);
        Assert.Equal(1, missingFolder.ExitCode);
        Assert.Contains("does not exist", missingFolder.Error);
        Assert.False(File.Exists(Path.Combine(home, "node.db")));
    }

    [Fact]
    public async Task AnAutomakersCellsGoIntoItsStoreFromTheBundledTableOrItsOwnMappedFile()
    {
        var home = await InitAsync("automaker", "mit-cells");
        var file = Path.Combine(_directory.Path, "cells.csv");
        await File.WriteAllLinesAsync(file,
        [
            "Cell;N;Q;Rated;f1;f2",
            "A1;1;1,08;1,1;0,5;3",
            "A1;2;1,07;1,1;0,5;3",
            "A1;2;1,07;1,1;0,5;3",
            "B7;1;1,09;1,1;x;3",
        ]);

        var bundled = await CliRun.RunAsync("import", "--home", home, "--cells", "bundled:MIT");
        int bundledCells;
        using (var store = NodeStore.OpenReadOnly(Path.Combine(home, "node.db")))
        {
            bundledCells = store.LoadCells()!.Count;
        }

        var own = await CliRun.RunAsync(
            "import", "--home", home, "--cells", file, "--columns", "cell=Cell,cycle=N,capacity=Q,nominal=Rated,features=f1;f2", "--delimiter", ";", "--decimal", ",");

        Assert.True(bundled.ExitCode == 0, bundled.Error);
        Assert.Equal(125, bundledCells);
        Assert.Contains("125 cells", bundled.Output);
        Assert.True(own.ExitCode == 0, own.Error);
        Assert.Contains("4 rows read, 2 cycles kept, 2 skipped", own.Output);
        Assert.Contains("mit-cells: 1 cells, 2 cycles", own.Output);
        using var reopened = NodeStore.OpenReadOnly(Path.Combine(home, "node.db"));
        var cell = Assert.Single(reopened.LoadCells()!);
        Assert.Equal(("A1", 1.1), (cell.Id, cell.NominalAh));
        Assert.Equal([0.5f, 3f], cell.Cycles[1].Features);
        Assert.Equal(97.2727, cell.Cycles[1].SohPercent, 3);
    }

    [Fact]
    public async Task CellsGoIntoAnAutomakersOrAnOperatorsStoreNextToItsSessionsAndABadMappingSaysWhy()
    {
        var operatorHome = await InitAsync("operator", "op");
        var automaker = await InitAsync("automaker", "am");
        var coordinator = await InitAsync("coordinator", "co");

        var sessions = await CliRun.RunAsync("import", "--home", operatorHome, "--council", Path.Combine(ScottishCouncilData.LocateRoot(), "dundee"));
        var intoOperator = await CliRun.RunAsync("import", "--home", operatorHome, "--cells", "bundled:MIT");
        var intoCoordinator = await CliRun.RunAsync("import", "--home", coordinator, "--cells", "bundled:MIT");
        var together = await CliRun.RunAsync("import", "--home", operatorHome, "--cells", "bundled:MIT", "--sessions", "x.csv");
        var badMapping = await CliRun.RunAsync("import", "--home", automaker, "--cells", "x.csv", "--columns", "cell=C,cycle=N");
        var unknownLab = await CliRun.RunAsync("import", "--home", automaker, "--cells", "bundled:CALCE");
        var layoutAlone = await CliRun.RunAsync("import", "--home", automaker, "--columns", "cell=C");

        Assert.True(sessions.ExitCode == 0, sessions.Error);
        Assert.True(intoOperator.ExitCode == 0, intoOperator.Error);
        using (var store = NodeStore.OpenReadOnly(Path.Combine(operatorHome, "node.db")))
        {
            Assert.Equal(125, store.LoadCells()!.Count);
            Assert.NotEmpty(store.LoadSites());
        }

        Assert.Equal(2, intoCoordinator.ExitCode);
        Assert.Contains("co is a coordinator node; cell ageing records go into an automaker's store", intoCoordinator.Error);
        Assert.Equal(2, together.ExitCode);
        Assert.Contains("import them in two calls", together.Error);
        Assert.Equal(2, badMapping.ExitCode);
        Assert.Contains("--columns needs capacity, nominal, features as well", badMapping.Error);
        Assert.Equal(2, unknownLab.ExitCode);
        Assert.Contains("the bundled table has no lab 'CALCE'; it has XJTU, TJU, MIT", unknownLab.Error);
        Assert.Equal(2, layoutAlone.ExitCode);
        Assert.Contains("describe --sessions or --cells files", layoutAlone.Error);
    }

    private async Task<string> InitAsync(string role, string name)
    {
        var home = Path.Combine(_directory.Path, name);
        var init = await CliRun.RunAsync("init", "--home", home, "--role", role, "--name", name, "--password-file", _passwordFile);
        Assert.True(init.ExitCode == 0, init.Error);
        return home;
    }
}
