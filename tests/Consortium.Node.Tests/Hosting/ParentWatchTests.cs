using System.Diagnostics;
using Consortium.Node.Hosting;

namespace Consortium.Node.Tests.Hosting;

/// <summary>The watch a member node keeps on the process that started it, against real processes.</summary>
public sealed class ParentWatchTests
{
    [Fact]
    public async Task StopsOnceTheWatchedProcessEndsAndNotBefore()
    {
        using var parent = Sleep();
        using var stop = new CancellationTokenSource();

        var watch = ParentWatch.StopWhenGoneAsync(parent.Id, stop);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(stop.IsCancellationRequested);
        Assert.False(watch.IsCompleted);

        parent.Kill();
        await parent.WaitForExitAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stop.IsCancellationRequested);
    }

    [Fact]
    public async Task StopsAtOnceWhenTheProcessIsAlreadyGone()
    {
        int pid;
        using (var parent = Sleep())
        {
            pid = parent.Id;
            parent.Kill();
            await parent.WaitForExitAsync();
        }

        using var stop = new CancellationTokenSource();
        await ParentWatch.StopWhenGoneAsync(pid, stop).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(stop.IsCancellationRequested);
    }

    [Fact]
    public async Task ReturnsWhenStoppedOtherwiseWhileTheProcessStillRuns()
    {
        using var parent = Sleep();
        using var stop = new CancellationTokenSource();
        var watch = ParentWatch.StopWhenGoneAsync(parent.Id, stop);

        await stop.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(parent.HasExited);
        parent.Kill();
        await parent.WaitForExitAsync();
    }

    /// <summary>A process that runs until killed (a stand-in for the demo that starts a member).</summary>
    internal static Process Sleep() =>
        Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })
        ?? throw new InvalidOperationException("Could not start sleep.");
}
