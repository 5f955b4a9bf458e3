using Consortium.Node.Cli;

namespace Consortium.Node.Tests.Experiment;

public sealed class ExperimentVerbTests
{
    [Theory]
    [InlineData("--model", "tcn", "--model")]
    [InlineData("--settings", "baselines,everything", "'everything'")]
    [InlineData("--strategies", "fedsgd", "--strategies")]
    [InlineData("--attack-factors", "5,10", "--attack-factors")]
    [InlineData("--rounds", "0", "--rounds")]
    [InlineData("--columns", "site=S,start=B,end=F,kwh=E", "--sessions")]
    public async Task BadOptionIsAUsageErrorNamingIt(string option, string value, string named)
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => ExperimentVerb.RunAsync([option, value], TextWriter.Null, CancellationToken.None));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task QuickIsAFlagBeforeOtherOptions()
    {
        Assert.Equal(2, await ConsortiumCli.RunAsync(["experiment", "--quick", "--model", "tcn"]));
    }
}
