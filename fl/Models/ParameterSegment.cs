namespace Consortium.Fl.Models;

/// <summary>One tensor of a network inside the flat parameter vector.</summary>
/// <param name="Name">The tensor's name as TorchSharp reports it, without the prefix of the module that owns the layer.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="FanIn">Inputs of the layer the tensor belongs to; its starting values are uniform in ±1/√FanIn.</param>
internal sealed record ParameterSegment(string Name, long[] Shape, int FanIn)
{
    public int Length
    {
        get
        {
            long length = 1;
            foreach (var dimension in Shape)
            {
                length *= dimension;
            }

            return checked((int)length);
        }
    }
}
