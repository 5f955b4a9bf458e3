using Consortium.Node.Home;

namespace Consortium.Node.Tests.Cli;

/// <summary>A party of a test: the home folder <c>consortium init</c> made, and its card as <c>consortium card</c> printed it, written beside it.</summary>
/// <param name="Home">The home folder.</param>
/// <param name="CardPath">The card's file.</param>
/// <param name="Card">The card.</param>
internal sealed record TestParty(string Home, string CardPath, NodeCard Card);

/// <summary>The parties of a test, each initialised through the command line under one folder and one password.</summary>
/// <param name="directory">Where the homes, cards and password file go.</param>
internal sealed class TestParties(string directory)
{
    /// <summary>Every party's password.</summary>
    public const string Password = "a long enough password";

    /// <summary>A file holding <see cref="Password"/>, written on first use.</summary>
    public string PasswordFile
    {
        get
        {
            var path = Path.Combine(directory, "password");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, Password);
            }

            return path;
        }
    }

    /// <summary>Runs <c>consortium init</c> for <paramref name="name"/> with <paramref name="options"/>, then writes its card.</summary>
    public async Task<TestParty> InitAsync(string role, string name, params string[] options)
    {
        var home = Path.Combine(directory, name);
        var init = await CliRun.RunAsync(["init", "--home", home, "--role", role, "--name", name, "--password-file", PasswordFile, .. options]);
        Assert.True(init.ExitCode == 0, init.Error);
        var card = await CliRun.RunAsync("card", "--home", home);
        var path = Path.Combine(directory, $"{name}.card.json");
        await File.WriteAllTextAsync(path, card.Output);
        return new TestParty(home, path, NodeCard.Parse(card.Output));
    }
}
