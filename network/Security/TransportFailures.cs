using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Consortium.Network.Security;

/// <summary>
/// Reports a call that never reached the other node's handler, because the connection failed or was cut before a
/// response (a stopped node, a reset pooled connection), as Unavailable, whichever way the HTTP stack surfaced it. The
/// callers treat Unavailable as "the node is gone"; an Internal status from a cut connection would hide that.
/// </summary>
public sealed class TransportFailures : Interceptor
{
    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static async Task<TResponse> Translate<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Internal && e.Status.DebugException is HttpRequestException or IOException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Status.Detail, e.Status.DebugException), e.Trailers);
        }
    }
}
