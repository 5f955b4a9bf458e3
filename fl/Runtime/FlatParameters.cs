using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Runtime;

/// <summary>
/// A network's weights as one flat vector in a fixed layer order: what a checkpoint stores, updates carry and
/// aggregators average. Every network of the FL core reads and writes its weights through these two copies.
/// </summary>
internal static class FlatParameters
{
    /// <summary>The weights of <paramref name="order"/>, one after another, into a new vector of <paramref name="count"/> values.</summary>
    public static float[] Read(IReadOnlyList<Parameter> order, int count)
    {
        var flat = new float[count];
        var offset = 0;
        foreach (var parameter in order)
        {
            var length = (int)parameter.numel();
            parameter.data<float>().CopyTo(flat.AsSpan(offset, length));
            offset += length;
        }

        return flat;
    }

    /// <summary>Overwrites the weights of <paramref name="order"/> from <paramref name="flat"/>, which must hold exactly <paramref name="count"/> values.</summary>
    /// <param name="order">The parameters in layout order.</param>
    /// <param name="count">Parameters of the network.</param>
    /// <param name="flat">The vector.</param>
    /// <param name="model">What the network is, for the message when the vector does not fit.</param>
    /// <exception cref="ArgumentException">The vector holds another number of values.</exception>
    public static void Write(IReadOnlyList<Parameter> order, int count, ReadOnlySpan<float> flat, string model)
    {
        if (flat.Length != count)
        {
            throw new ArgumentException($"The {model} has {count} parameters, the vector {flat.Length}.", nameof(flat));
        }

        using var noGrad = no_grad();
        var offset = 0;
        foreach (var parameter in order)
        {
            var length = (int)parameter.numel();
            using var source = tensor(flat.Slice(offset, length).ToArray(), parameter.shape);
            parameter.copy_(source);
            offset += length;
        }
    }
}
