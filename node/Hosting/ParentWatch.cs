using System.Diagnostics;

namespace Consortium.Node.Hosting;

/// <summary>Stops a child node when the process that started it is gone, so no member outlives its demo.</summary>
public static class ParentWatch
{
    /// <summary>Cancels <paramref name="stop"/> once process <paramref name="parentPid"/> no longer runs.</summary>
    public static async Task StopWhenGoneAsync(int parentPid, CancellationTokenSource stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        while (!stop.IsCancellationRequested)
        {
            if (!IsRunning(parentPid))
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Whether process <paramref name="pid"/> runs.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
