using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// Hosts of a test's own: one Linux network namespace per role, each with one address on a /24 of the 10.0.0.0/8 range,
/// joined by a bridge that lives in a hub namespace of its own. Nothing is routed to or from the test's namespace, so the
/// hosts reach each other and nothing else. Removing the namespaces removes every link with them. Each set records the
/// test process that made it (a file under the temporary folder); a set left behind by a test process that was killed
/// is removed the next time a set is made.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    private readonly string _hub;
    private readonly Dictionary<string, (string Namespace, string Address)> _hosts = new(StringComparer.Ordinal);

    private NetworkNamespaces(string hub) => _hub = hub;

    /// <summary>Creates a host per role; fails saying why when namespaces cannot be created (not root, no <c>ip</c>).</summary>
    public static NetworkNamespaces Create(IReadOnlyList<string> roles)
    {
        RemoveAbandoned();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        File.WriteAllText(Marker(id), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var subnet = $"10.{200 + RandomNumberGenerator.GetInt32(50)}.{RandomNumberGenerator.GetInt32(250)}";
        var hosts = new NetworkNamespaces($"cns{id}hub");
        try
        {
            Ip($"netns add {hosts._hub}");
            Ip($"-n {hosts._hub} link set lo up");
            Ip($"-n {hosts._hub} link add br0 type bridge");
            Ip($"-n {hosts._hub} link set br0 up");
            for (var k = 0; k < roles.Count; k++)
            {
                var name = $"cns{id}n{k}";
                var address = $"{subnet}.{k + 1}";
                Ip($"netns add {name}");
                hosts._hosts[roles[k]] = (name, address);
                Ip($"link add c{id}v{k} type veth peer name c{id}b{k}");
                Ip($"link set c{id}v{k} netns {name}");
                Ip($"link set c{id}b{k} netns {hosts._hub}");
                Ip($"-n {hosts._hub} link set c{id}b{k} master br0");
                Ip($"-n {hosts._hub} link set c{id}b{k} up");
                Ip($"-n {name} addr add {address}/24 dev c{id}v{k}");
                Ip($"-n {name} link set c{id}v{k} up");
                Ip($"-n {name} link set lo up");
            }

            return hosts;
        }
        catch
        {
            hosts.Dispose();
            throw;
        }
    }

    /// <summary>The host's address.</summary>
    public string Address(string role) => _hosts[role].Address;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/> inside the host's namespace.</summary>
    public HostProcess Start(string role, string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", _hosts[role].Namespace, file, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        return new HostProcess(role, Process.Start(info) ?? throw new InvalidOperationException($"could not start {file} in {role}'s namespace"));
    }

    public void Dispose()
    {
        foreach (var (name, _) in _hosts.Values)
        {
            TryIp($"netns del {name}");
        }

        TryIp($"netns del {_hub}");
        File.Delete(Marker(_hub[3..^3]));
    }

    private static string Marker(string id) => Path.Combine(Path.GetTempPath(), $"consortium-netns-{id}.pid");

    /// <summary>Deletes the namespaces of sets whose test process no longer runs.</summary>
    private static void RemoveAbandoned()
    {
        foreach (var marker in Directory.EnumerateFiles(Path.GetTempPath(), "consortium-netns-*.pid"))
        {
            var id = Path.GetFileName(marker)["consortium-netns-".Length..^".pid".Length];
            if (int.TryParse(File.ReadAllText(marker), out var pid) && Consortium.Node.Hosting.ParentWatch.IsRunning(pid))
            {
                continue;
            }

            var (_, list) = RunIp("netns list");
            foreach (var name in list.Split('\n').Select(line => line.Split(' ')[0]).Where(n => n.StartsWith($"cns{id}", StringComparison.Ordinal)))
            {
                TryIp($"netns del {name}");
            }

            File.Delete(marker);
        }
    }

    private static void Ip(string arguments)
    {
        var (code, output) = RunIp(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"the several-hosts test needs Linux network namespaces (root and iproute2); 'ip {arguments}' failed with exit code {code}: {output.Trim()}");
        }
    }

    private static void TryIp(string arguments) => RunIp(arguments);

    private static (int Code, string Output) RunIp(string arguments)
    {
        var info = new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"iproute2's ip cannot be run: {e.Message}");
        }
    }
}

/// <summary>A process inside one of the test's hosts, its output collected line by line.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Seen)> _waits = [];

    public HostProcess(string role, Process process)
    {
        Role = role;
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Role { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The first line starting with <paramref name="prefix"/>, once printed.</summary>
    public Task<string> LineAsync(string prefix)
    {
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return Task.FromResult(line.TrimEnd('\r'));
                }
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((prefix, seen));
            return seen.Task;
        }
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var wait in _waits.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
            {
                wait.Seen.TrySetResult(line);
                _waits.Remove(wait);
            }
        }
    }
}
