namespace Consortium.Fl.Models;

/// <summary>Model bytes or a parameter vector that cannot be a valid model, with what is wrong.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }
}
