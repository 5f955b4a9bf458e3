using TorchSharp;

namespace Consortium.Fl.Runtime;

/// <summary>
/// Process-wide TorchSharp settings the FL core relies on. Every entry point that runs a model calls
/// <see cref="EnsureInitialized"/>, so callers never have to.
/// </summary>
/// <remarks>
/// The forecast network is small (thousands of parameters, batches of tens of windows): its matrix
/// products are too short to gain from several intra-op threads, while the threads' synchronisation
/// costs a lot as soon as other work shares the cores (measured on 2 cores under load: about 3x slower
/// with 2 threads than with 1). One thread also fixes the order of floating-point reductions, which
/// keeps training reproducible. The native library itself loads without any set-up here; the build
/// makes it loadable on older libstdc++ (build/README-torchsharp.md).
/// </remarks>
public static class TorchRuntime
{
    /// <summary>Intra-op threads used when <see cref="Configure"/> was not called.</summary>
    public const int DefaultThreads = 1;

    private static readonly Lock Gate = new();
    private static int _threads; // 0 until initialised

    /// <summary>The intra-op thread count in effect.</summary>
    public static int Threads
    {
        get
        {
            EnsureInitialized();
            return Volatile.Read(ref _threads);
        }
    }

    /// <summary>Loads TorchSharp's native library and applies the thread settings, once.</summary>
    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref _threads) != 0)
        {
            return;
        }

        lock (Gate)
        {
            if (_threads == 0)
            {
                Apply(DefaultThreads);
            }
        }
    }

    /// <summary>Sets the intra-op thread count TorchSharp uses for the rest of the process.</summary>
    /// <param name="threads">At least 1.</param>
    public static void Configure(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (Gate)
        {
            Apply(threads);
        }
    }

    private static void Apply(int threads)
    {
        torch.set_num_threads(threads);
        Volatile.Write(ref _threads, threads);
    }
}
