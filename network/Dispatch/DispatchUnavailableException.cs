namespace Consortium.Network.Dispatch;

/// <summary>
/// A participant cannot serve a dispatch call now but may on a later call with the same arguments: its own chain
/// connection failed, say, after it had done its part locally. The service answers it as
/// <see cref="Grpc.Core.StatusCode.Unavailable"/>, which a coordinator takes up again (an intraday step's recovery)
/// rather than ending the event.
/// </summary>
public sealed class DispatchUnavailableException : Exception
{
    /// <summary>Creates the exception with what failed and its cause.</summary>
    public DispatchUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
