using Consortium.Fl.Runtime;

namespace Consortium.Fl.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void TorchSharpLoadsItsNativeLibraryAndMultipliesMatrices()
    {
        using var a = TorchSharp.torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }

    [Fact]
    public void InitialisedRuntimeRunsTorchWithTheDefaultThreadCount()
    {
        TorchRuntime.EnsureInitialized();
        Assert.Equal(TorchRuntime.DefaultThreads, TorchRuntime.Threads);
        Assert.Equal(TorchRuntime.DefaultThreads, TorchSharp.torch.get_num_threads());
    }

    [Fact]
    public void ThreadCountBelowOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.Configure(0));
    }
}
