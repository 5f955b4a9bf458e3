using Consortium.Node.Federation.SecureAggregation;

namespace Consortium.Node.Tests.Network.SecureAggregation;

/// <summary><c>bench secure-aggregation</c> prints a row per setting, and the secure sums match the float sums within the encoding's resolution.</summary>
public sealed class SecureAggregationBenchmarkTests
{
    [Fact]
    public async Task TheBenchmarkComparesSecureWithPlainOnTheSameValues()
    {
        var run = await Cli.CliRun.RunAsync("bench", "secure-aggregation", "--members", "3,5", "--parameters", "2k");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("| 3 | 2,000 | plain |", run.Output);
        Assert.Contains("| 5 | 2,000 | secure |", run.Output);
        Assert.Contains("| 5 | 2,000 | secure, 1 dropped |", run.Output);
    }

    [Fact]
    public void TheSecureSumIsTheFloatSumUpToRounding()
    {
        var rows = SecureAggregationBenchmark.Run([4], [3000], TextWriter.Null);

        var secure = rows.Where(r => r.Setting != "plain").ToList();
        Assert.Equal(2, secure.Count);
        // Four members' rounding errors of half a unit each, with the float32 inputs' own rounding.
        Assert.All(secure, r => Assert.InRange(r.MaxAbsoluteError, 0, 1e-7));
        Assert.All(secure, r => Assert.True(r.MemberBytes > 4 * 3000, "a member sends at least its masked input"));
    }
}
