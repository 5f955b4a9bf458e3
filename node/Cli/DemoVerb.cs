using System.Globalization;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;

namespace Consortium.Node.Cli;

/// <summary><c>consortium demo</c>: the whole consortium on one machine.</summary>
public static class DemoVerb
{
    private static StrategyConfiguration Strategy(CommandLine line)
    {
        try
        {
            return new StrategyConfiguration(
                StrategyConfiguration.ParseKind(line.Text("strategy") ?? "fedavg"),
                AggregationRule.Parse(line.Text("aggregator") ?? "mean"));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var options = new DemoOptions(
            Operators: line.Int("operators", 3, 2, 40),
            Rounds: line.Int("rounds", 3, 1, 1000),
            LocalEpochs: line.Int("epochs", 2, 1, 100),
            DataDir: Path.GetFullPath(line.Text("data-dir") ?? Path.Combine(Path.GetTempPath(), $"consortium-demo-{DateTime.Now:yyyyMMdd-HHmmss}")),
            RpcUrl: line.Text("rpc"),
            Chain: ChainOptionsParser.Parse(line),
            DeployerKey: line.Text("deployer-key"),
            ReportPath: line.Text("report") is { } reportPath ? Path.GetFullPath(reportPath) : null,
            Seed: line.Int("seed", 7, 0),
            WindowStride: line.Int("window-stride", 1, 1, 168),
            SampleFraction: line.Double("sample-fraction", 1.0, 0.01, 1.0),
            Quorum: line.Int("quorum", 1, 1, 1000),
            RoundTimeout: TimeSpan.FromSeconds(line.Int("round-timeout", 1800, 1, 86_400)),
            Strategy: Strategy(line),
            NormBound: line.Text("norm-bound") is null ? null : line.Double("norm-bound", 0, 1e-9, 1e12),
            PrivacyEpsilon: line.Text("dp-epsilon") is null ? null : line.Double("dp-epsilon", 0, 1e-3, 1e3),
            DispatchEvs: line.Int("dispatch-evs", DemoOptions.DefaultDispatchEvs, 1, 1_000_000),
            SkipDispatch: line.Flag("no-dispatch"),
            DispatchFleet: (line.Text("dispatch-fleet") ?? "sessions") switch
            {
                "sessions" => OperatorFleetSource.Sessions,
                "synthetic" => OperatorFleetSource.Synthetic,
                var other => throw new UsageException($"option --dispatch-fleet must be sessions or synthetic, got '{other}'"),
            },
            Scoring: (line.Text("scoring") ?? "shapley") switch
            {
                "shapley" => ScoringMethod.Shapley,
                "loo" or "leave-one-out" => ScoringMethod.LeaveOneOut,
                var other => throw new UsageException($"option --scoring must be shapley or loo, got '{other}'"),
            },
            Model: (line.Text("model") ?? "gru") switch
            {
                "gru" => ForecastModelKind.Gru,
                "mlp" => ForecastModelKind.Mlp,
                var other => throw new UsageException($"option --model must be gru or mlp, got '{other}'"),
            });
        line.RejectUnknown();
        if (options.RpcUrl is not null && !Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out _))
        {
            throw new UsageException($"option --rpc must be an absolute URL such as http://127.0.0.1:8545, got '{options.RpcUrl}'");
        }

        var demo = new ConsortiumDemo(options, Console.Out);
        var report = await demo.RunAsync(cancellationToken).ConfigureAwait(false);
        return report is null ? 1 : 0;
    }
}
