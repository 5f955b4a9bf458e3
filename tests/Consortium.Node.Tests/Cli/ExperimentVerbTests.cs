namespace Consortium.Node.Tests.Cli;

public sealed class ExperimentVerbTests
{
    [Theory]
    [InlineData("--model", "tcn", "--model")]
    [InlineData("--settings", "baselines,everything", "'everything'")]
    [InlineData("--strategies", "fedsgd", "--strategies")]
    [InlineData("--attack-factors", "5,10", "--attack-factors")]
    [InlineData("--rounds", "0", "--rounds")]
    [InlineData("--columns", "site=S,start=B,end=F,kwh=E", "--sessions")]
    [InlineData("--dp-members", "1", "--dp-members")]
    [InlineData("--dp-epsilons", "0,3", "--dp-epsilons")]
    [InlineData("--dp-simulated-members", "ten", "--dp-simulated-members")]
    [InlineData("--dp-sum-slack", "-1", "--dp-sum-slack")]
    public async Task BadOptionIsAUsageErrorNamingIt(string option, string value, string named)
    {
        var run = await CliRun.RunAsync("experiment", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error);
    }

    [Fact]
    public async Task QuickIsAFlagBeforeOtherOptions()
    {
        var run = await CliRun.RunAsync("experiment", "--quick", "--model", "tcn");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--model", run.Error);
    }
}
