using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Nethereum.JsonRpc.Client;

namespace Consortium.Contracts.Chain;

/// <summary>
/// A private anvil chain on the loopback interface, for a node's embedded default ledger and for tests.
/// The process is stopped on <see cref="Dispose"/> / <see cref="DisposeAsync"/> and, as a safety net,
/// when the host process exits, so no anvil is left running.
/// </summary>
public sealed partial class AnvilChain : IAsyncDisposable, IDisposable
{
    private const int OutputLinesKept = 200;
    private const int SignalTerm = 15;

    private readonly Process _process;
    private readonly Queue<string> _recentOutput = new();
    private readonly EventHandler _onHostExit;
    private readonly string _cachePath;
    private int _disposed;

    private AnvilChain(Process process, AnvilOptions options, string cachePath)
    {
        _process = process;
        _cachePath = cachePath;
        Options = options;
        ChainId = options.ChainId;
        _onHostExit = (_, _) => Stop(TimeSpan.FromSeconds(1));
        AppDomain.CurrentDomain.ProcessExit += _onHostExit;
    }

    /// <summary>The folder anvil moves old block states to once they no longer fit in memory; removed when the chain stops.</summary>
    public string StateCachePath => _cachePath;

    /// <summary>The options anvil was started with.</summary>
    public AnvilOptions Options { get; }

    /// <summary>The JSON-RPC endpoint, <c>http://127.0.0.1:PORT</c>.</summary>
    public string RpcUrl { get; private set; } = string.Empty;

    /// <summary>The port anvil listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The chain id (31337 unless configured).</summary>
    public long ChainId { get; }

    /// <summary>The funded development accounts anvil derived from its default mnemonic, in order.</summary>
    public IReadOnlyList<ChainAccount> DevAccounts { get; private set; } = [];

    /// <summary>The anvil process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the anvil process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines anvil printed, for diagnostics.</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_recentOutput)
            {
                return _recentOutput.ToArray();
            }
        }
    }

    /// <summary>Starts anvil and waits until it listens.</summary>
    /// <param name="options">How to start it; defaults when null.</param>
    /// <param name="cancellationToken">Abandons the start (and stops the process).</param>
    /// <returns>The running chain.</returns>
    /// <exception cref="FileNotFoundException">anvil was not found.</exception>
    /// <exception cref="LedgerException">anvil exited or did not listen within <see cref="AnvilOptions.StartTimeout"/>.</exception>
    public static async Task<AnvilChain> StartAsync(AnvilOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnvilOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Accounts, 1);
        var startInfo = new ProcessStartInfo(options.ExecutablePath ?? AnvilExecutable.Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        // Old block states that no longer fit in memory go to a folder of this chain's own, removed when it stops (by default
        // anvil keeps them under ~/.foundry/anvil/tmp for good: about 2 GB after the contract tests).
        var cachePath = Path.Combine(Path.GetTempPath(), $"consortium-anvil-{Guid.NewGuid():N}");
        foreach (var argument in Arguments(options, cachePath))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var chain = new AnvilChain(process, options, cachePath);
        try
        {
            await chain.LaunchAsync(cancellationToken).ConfigureAwait(false);
            return chain;
        }
        catch
        {
            await chain.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Moves the chain's clock forward and mines a block, e.g. to pass a round's deadline.</summary>
    /// <param name="by">How far to move the clock; whole seconds.</param>
    public async Task IncreaseTimeAsync(TimeSpan by)
    {
        var client = new RpcClient(new Uri(RpcUrl));
        await client.SendRequestAsync<object>("evm_increaseTime", null, (long)by.TotalSeconds).ConfigureAwait(false);
        await client.SendRequestAsync<object>("evm_mine", null).ConfigureAwait(false);
    }

    /// <summary>Stops anvil, letting it save its state first when <see cref="AnvilOptions.StatePath"/> is set.</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    /// <summary>Stops anvil, letting it save its state first when <see cref="AnvilOptions.StatePath"/> is set.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static List<string> Arguments(AnvilOptions options, string cachePath)
    {
        var arguments = new List<string>
        {
            "--host", "127.0.0.1",
            "--cache-path", cachePath,
            "--port", options.Port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--accounts", options.Accounts.ToString(CultureInfo.InvariantCulture),
            "--balance", options.BalanceEther.ToString(CultureInfo.InvariantCulture),
        };
        if (options.BlockTimeSeconds is { } blockTime)
        {
            arguments.AddRange(["--block-time", blockTime.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.StatePath is { } statePath)
        {
            arguments.AddRange(["--state", Path.GetFullPath(statePath), "--state-interval", "5"]);
        }

        return arguments;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keys = new List<ChainAccount>();
        var inKeySection = false;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            Remember(line);
            var trimmed = line.Trim();
            if (trimmed == "Private Keys")
            {
                inKeySection = true;
            }
            else if (inKeySection && KeyLine().Match(trimmed) is { Success: true } key)
            {
                keys.Add(ChainAccount.FromPrivateKey(key.Groups["key"].Value));
            }
            else if (inKeySection && trimmed.Length > 0 && !trimmed.StartsWith('='))
            {
                inKeySection = false;
            }

            if (ListeningLine().Match(trimmed) is { Success: true } listen)
            {
                listening.TrySetResult(int.Parse(listen.Groups["port"].Value, CultureInfo.InvariantCulture));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Remember(line);
            }
        };
        _process.Exited += (_, _) => listening.TrySetException(
            new LedgerException($"anvil exited before listening:{Environment.NewLine}{string.Join(Environment.NewLine, RecentOutput)}"));

        if (!_process.Start())
        {
            throw new LedgerException($"anvil could not be started from {_process.StartInfo.FileName}.");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.StartTimeout);
        int port;
        try
        {
            port = await listening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LedgerException($"anvil did not listen within {Options.StartTimeout}:{Environment.NewLine}{string.Join(Environment.NewLine, RecentOutput)}");
        }

        Port = port;
        RpcUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        DevAccounts = keys.ToArray();
        if (DevAccounts.Count == 0)
        {
            throw new LedgerException("anvil started but printed no development keys.");
        }
    }

    private void Remember(string line)
    {
        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            while (_recentOutput.Count > OutputLinesKept)
            {
                _recentOutput.Dequeue();
            }
        }
    }

    private void Stop(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _onHostExit;
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets anvil write its state file; SIGKILL if it does not go in time.
                if (!OperatingSystem.IsWindows())
                {
                    _ = SendSignal(_process.Id, SignalTerm);
                }

                if (OperatingSystem.IsWindows() || !_process.WaitForExit(grace))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(grace);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The process never started or already went away.
        }
        finally
        {
            _process.Dispose();
            try
            {
                if (Directory.Exists(_cachePath))
                {
                    Directory.Delete(_cachePath, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the temporary folder; nothing reads it again.
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"^\((?<index>\d+)\)\s+(?<key>0x[0-9a-fA-F]{64})$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^Listening on (?:127\.0\.0\.1|\[::1\]|localhost):(?<port>\d+)$")]
    private static partial Regex ListeningLine();
}
