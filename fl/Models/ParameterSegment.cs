namespace Consortium.Fl.Models;

/// <summary>One tensor of a network inside the flat parameter vector.</summary>
/// <param name="Name">The tensor's name as TorchSharp reports it, without the module prefix.</param>
/// <param name="Shape">Its dimensions.</param>
internal sealed record ParameterSegment(string Name, long[] Shape)
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
