namespace Consortium.Node.Cli;

/// <summary>The <c>consortium</c> executable's verbs.</summary>
public static class ConsortiumCli
{
    private const string Usage = $"""
        consortium: a node of a V2G consortium (federated load forecasting recorded on an Ethereum ledger)

        Verbs:
          demo      three operator nodes train one forecast model on the bundled charging data,
                    every round recorded on a local chain (or --rpc URL), then run one dispatch event over
                    their fleets, committed, delivered and settled on chain
                      --dispatch-evs N (2000 per operator)  --dispatch-fleet sessions|synthetic (sessions)  --no-dispatch
                      --operators N (3)  --rounds K (3)  --epochs E (2)  --data-dir DIR  --rpc URL  --window-stride H (1)
                      --sample-fraction F (1)  --quorum Q (1)  --round-timeout SECONDS (1800)
                      --strategy fedavg|fedprox|fedadam|fedyogi  --aggregator mean|median|trimmed-mean|multi-krum[,norm=B]  --norm-bound B
                      --model gru|mlp  --scoring shapley|loo  --dp-epsilon E (per member, over the demo's rounds, δ = 1e-5)
                      --chain-id ID  --gas-price eip1559|legacy|WEI  --confirmations N  --deployer-key HEX  --report PATH  --seed S
          import    import the bundled Scottish council sessions into operators' stores and print the counts
                      --operators N (3)  --data-dir DIR
          audit verify  check every claim of a demo report against the chain (and the artifacts); lists what it could not verify
                      --report PATH  --rpc URL (the report's)  --data-dir DIR (recompute hashes, aggregates, scores; open allocations)
                      --strict (fail when any claim could not be verified)
          member    run one operator node (started by demo; serves gRPC on 127.0.0.1)
                      --fleet-evs N  --fleet-seed S  --fleet-source sessions|synthetic (sessions)  --unplug-share F
                      --exact-limit N (500: largest fleet it re-plans exactly in a dispatch)
          dashboard serve the auditor dashboard on http://127.0.0.1:PORT/, reading the chain on every request
                      --rpc URL  (--report PATH | --registry A --rounds A --token A --dispatch A)  --data-dir DIR  --port P (0)
        {ExperimentVerb.Usage}
        {BenchVerb.Usage}
        {DispatchVerb.Usage}

        Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.
        """;

    /// <summary>Runs the verb named by the first argument and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                interrupt.Cancel();
            });
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            var line = CommandLine.Parse(args[1..], "verbose", "quick", "reference", "no-dispatch", "strict");
            return args[0] switch
            {
                "demo" => await DemoVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                "import" => ImportVerb.Run(line),
                "member" => await MemberVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                "dashboard" => await DashboardVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                "audit" => await AuditVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                "experiment" => await ExperimentVerb.RunAsync(args[1..], Console.Out, interrupt.Token).ConfigureAwait(false),
                "bench" => await BenchVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                "dispatch" => await DispatchVerb.RunAsync(line, interrupt.Token).ConfigureAwait(false),
                _ => throw new UsageException($"unknown verb '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"consortium: {e.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception) when (interrupt.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("consortium: interrupted; every process started was stopped.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"consortium {args[0]} failed: {e.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("CONSORTIUM_TRACE") is "1")
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
