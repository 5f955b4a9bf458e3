namespace Consortium.Dispatch.Exact;

/// <summary>How the stages call the operators: all at once, since each call may cross the network.</summary>
internal static class OperatorCalls
{
    /// <summary>Calls <paramref name="call"/> with every operator's index, in parallel, and waits for all.</summary>
    public static async Task ForEachAsync<T>(IReadOnlyList<T> operators, Func<int, ValueTask> call)
    {
        if (operators.Count == 1)
        {
            await call(0).ConfigureAwait(false);
            return;
        }

        var tasks = new Task[operators.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () => await call(index).ConfigureAwait(false));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
