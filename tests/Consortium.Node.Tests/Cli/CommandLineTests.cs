using Consortium.Node.Cli;

namespace Consortium.Node.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void OptionsFlagsAndEqualsFormsAreRead()
    {
        var line = CommandLine.Parse(["simulate", "--operators", "5", "--verbose", "--report=out.json"], "verbose");

        Assert.Equal(["simulate"], line.Positional);
        Assert.Equal(5, line.Int("operators", 3, 2, 40));
        Assert.True(line.Flag("verbose"));
        Assert.Equal("out.json", line.Text("report"));
        line.RejectUnknown();
    }

    [Fact]
    public void UnknownOptionIsRejectedByName()
    {
        var line = CommandLine.Parse(["--operators", "3", "--round", "2"]);
        line.Int("operators", 3);

        var error = Assert.Throws<UsageException>(line.RejectUnknown);
        Assert.Contains("--round", error.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("41")]
    [InlineData("three")]
    public void OutOfRangeOrNonNumericValueNamesTheOption(string value)
    {
        var line = CommandLine.Parse(["--operators", value]);

        var error = Assert.Throws<UsageException>(() => line.Int("operators", 3, 2, 40));
        Assert.Contains("--operators", error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void OptionWithoutValueIsAnError()
    {
        Assert.Throws<UsageException>(() => CommandLine.Parse(["--rpc"]));
    }

    [Fact]
    public async Task UnknownVerbExitsWithUsageCode()
    {
        Assert.Equal(2, await ConsortiumCli.RunAsync(["frobnicate"]));
        Assert.Equal(2, await ConsortiumCli.RunAsync(["demo", "--operators", "1"]));
        Assert.Equal(2, await ConsortiumCli.RunAsync(["demo", "--dispatch-evs", "0"]));
    }
}
