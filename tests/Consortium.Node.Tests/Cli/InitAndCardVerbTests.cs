using System.Text.Json;
using Consortium.Node.Home;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary><c>consortium init</c> and <c>consortium card</c> as an operator's IT department runs them.</summary>
public sealed class InitAndCardVerbTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task InitCreatesAHomeAndCardPrintsItsCardWithoutThePassword()
    {
        using var directory = new TemporaryDirectory();
        var home = Path.Combine(directory.Path, "dundee");
        var passwordFile = Path.Combine(directory.Path, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");

        var init = await CliRun.RunAsync("init", "--home", home, "--role", "operator", "--name", "dundee-a", "--listen", "10.0.0.2:7701", "--password-file", passwordFile);
        var card = await CliRun.RunAsync("card", "--home", home);

        Assert.True(init.ExitCode == 0, init.Error);
        Assert.True(card.ExitCode == 0, card.Error);
        var parsed = NodeCard.Parse(card.Output);
        Assert.Equal(("dundee-a", "operator", "10.0.0.2:7701"), (parsed.Name, parsed.Role, parsed.Endpoint));
        Assert.Equal(NodeHome.Open(home).OpenAccount(Password).Address, parsed.Address);
        Assert.Contains(parsed.Address.ToString(), init.Output);
        Assert.DoesNotContain(Password, init.Output + init.Error + card.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(card.Output);
        Assert.Equal(["name", "role", "address", "endpoint", "tlsFingerprint"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task APasswordFileThatDoesNotExistIsNamedAndNothingIsCreated()
    {
        using var directory = new TemporaryDirectory();
        var home = Path.Combine(directory.Path, "dundee");
        var missing = Path.Combine(directory.Path, "nope");

        var run = await CliRun.RunAsync("init", "--home", home, "--role", "operator", "--name", "dundee-a", "--password-file", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the password file {missing} does not exist", run.Error);
        Assert.False(Directory.Exists(home));
    }

    [Fact]
    public async Task ARoleThatIsNotOneIsAUsageError()
    {
        using var directory = new TemporaryDirectory();

        var run = await CliRun.RunAsync("init", "--home", directory.Path, "--role", "boss", "--name", "dundee-a");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--role must be one of operator, automaker, auditor, coordinator, grid, got 'boss'", run.Error);
    }

    [Fact]
    public async Task CardOnAFolderWithoutANodeSaysHowToMakeOne()
    {
        using var directory = new TemporaryDirectory();

        var run = await CliRun.RunAsync("card", "--home", directory.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("consortium init --home", run.Error);
    }
}
