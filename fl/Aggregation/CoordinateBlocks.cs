namespace Consortium.Fl.Aggregation;

/// <summary>
/// A fixed split of a parameter vector into blocks that fit in a core's cache. Work on different blocks
/// may run on different cores, but the split depends on the vector's length alone, so every result
/// (including sums that cross blocks, reduced in block order) is the same on any machine.
/// </summary>
internal static class CoordinateBlocks
{
    /// <summary>Coordinates per block: 64 KiB of floats, a whole multiple of any SIMD width.</summary>
    public const int Length = 16_384;

    /// <summary>Below this many values read in all, starting threads costs more than it saves.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>Blocks of <paramref name="blockLength"/> covering <paramref name="length"/> coordinates.</summary>
    public static int Count(int length, int blockLength = Length) => (length + blockLength - 1) / blockLength;

    /// <summary>
    /// Calls <paramref name="body"/>(block, start, count) once per block, on several cores when
    /// <paramref name="valuesRead"/> makes it worth it.
    /// </summary>
    public static void Run(int length, long valuesRead, Action<int, int, int> body, int blockLength = Length)
    {
        var blocks = Count(length, blockLength);
        if (blocks <= 1 || valuesRead < ParallelWork || Environment.ProcessorCount == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = b * blockLength;
                body(b, start, Math.Min(blockLength, length - start));
            }

            return;
        }

        Parallel.For(0, blocks, b =>
        {
            var start = b * blockLength;
            body(b, start, Math.Min(blockLength, length - start));
        });
    }
}
