using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Consortium.Node.Hosting;

/// <summary>
/// A member node running as its own OS process (this executable's <c>member</c> verb). Its output is
/// forwarded line by line with the member's name in front; the process is killed (with its children)
/// when this object is disposed, and every live one is killed when this process exits.
/// </summary>
public sealed partial class ChildNodeProcess : IAsyncDisposable
{
    private static readonly List<ChildNodeProcess> Live = [];
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _name;
    private readonly TextWriter _log;
    private readonly Queue<string> _tail = new();

    static ChildNodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ChildNodeProcess(string name, Process process, TextWriter log)
    {
        _name = name;
        _process = process;
        _log = log;
    }

    /// <summary>The member's gRPC endpoint, known once it printed its listening line.</summary>
    public Task<Uri> Listening => _listening.Task;

    /// <summary>OS process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the process ends by itself and returns its exit code; it is not killed.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// Starts this program's <paramref name="verb"/> (<c>run</c>) with <paramref name="arguments"/> and
    /// <c>--parent-pid</c>; <paramref name="log"/> receives its output, and <see cref="Listening"/> completes with the
    /// endpoint of its <c>LISTENING</c> line.
    /// </summary>
    /// <param name="name">The node's name, in front of each line it prints.</param>
    /// <param name="verb">The verb that serves.</param>
    /// <param name="arguments">The verb's options.</param>
    /// <param name="log">Receives the node's output.</param>
    /// <param name="parentPid">The process whose end stops the node; this process when null.</param>
    public static ChildNodeProcess StartVerb(string name, string verb, IReadOnlyList<string> arguments, TextWriter log, int? parentPid = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);
        var (file, prefix) = SelfCommand();
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in prefix)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(verb);
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--parent-pid");
        info.ArgumentList.Add((parentPid ?? Environment.ProcessId).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var member = new ChildNodeProcess(name, process, log);
        process.OutputDataReceived += (_, e) => member.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => member.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            if (member._listening.Task.IsCompleted)
            {
                return;
            }

            // Let the redirected output drain, so that the error names what the node printed last.
            process.WaitForExit();
            member._listening.TrySetException(new InvalidOperationException(
                $"Member '{name}' exited with code {SafeExitCode(process)} before it was listening. Its last lines:{Environment.NewLine}{member.Tail()}"));
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start member '{name}' ({file}).");
        }

        lock (Live)
        {
            Live.Add(member);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return member;
    }

    /// <summary>How to start this same program again: the apphost, or dotnet with the entry assembly.</summary>
    internal static (string File, IReadOnlyList<string> Prefix) SelfCommand()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "consortium.exe" : "consortium");
        if (File.Exists(apphost))
        {
            return (apphost, []);
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "consortium.dll");
        return (Environment.ProcessPath ?? "dotnet", [dll]);
    }

    /// <summary>Kills the process tree and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (Live)
        {
            Live.Remove(this);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already gone.
        }
        catch (OperationCanceledException)
        {
            await _log.WriteLineAsync($"[{_name}] did not exit within 10 s of being killed").ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void KillAll()
    {
        ChildNodeProcess[] live;
        lock (Live)
        {
            live = [.. Live];
        }

        foreach (var member in live)
        {
            try
            {
                member._process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }

        lock (_log)
        {
            _log.WriteLine($"[{_name}] {line}");
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    /// <summary>Lines of output an early exit's error repeats.</summary>
    private const int TailLines = 20;

    private string Tail()
    {
        lock (_log)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    [GeneratedRegex(@"^LISTENING (https?://\S+)$")]
    private static partial Regex ListeningLine();
}
