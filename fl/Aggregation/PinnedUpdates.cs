using System.Buffers;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// Update vectors pinned for the length of one aggregation, so that the kernels, which run on several
/// threads and cannot hold spans, can read them through raw addresses without copying.
/// </summary>
internal sealed unsafe class PinnedUpdates : IDisposable
{
    private readonly MemoryHandle[] _handles;
    private readonly nint[] _addresses;

    public PinnedUpdates(IReadOnlyList<ReadOnlyMemory<float>> updates)
    {
        _handles = new MemoryHandle[updates.Count];
        _addresses = new nint[updates.Count];
        for (var k = 0; k < updates.Count; k++)
        {
            _handles[k] = updates[k].Pin();
            _addresses[k] = (nint)_handles[k].Pointer;
        }
    }

    public int Count => _addresses.Length;

    /// <summary>The first value of update <paramref name="k"/>.</summary>
    public float* this[int k] => (float*)_addresses[k];

    public void Dispose()
    {
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }
    }
}
