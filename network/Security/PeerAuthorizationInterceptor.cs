using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Consortium.Network.Security;

/// <summary>
/// Admits a call only from a current member with a role the method allows (<see cref="PeerCallPolicy"/>), identified
/// by the certificate it presented over mutual TLS (<see cref="IPeerDirectory"/>). Every refusal is a gRPC status that
/// says why (Unauthenticated without a certificate, PermissionDenied for a certificate no current member published or
/// a role the method does not allow, Unavailable when membership cannot be checked) and a warning in the log. The
/// admitted peer is left in <see cref="ServerCallContext.UserState"/> under <see cref="PeerKey"/>.
/// </summary>
/// <remarks>
/// An admitted peer is then held to <see cref="PeerCallLimits"/>: a call without a deadline, or with one further than the
/// method allows, ends with InvalidArgument; beyond its calls per second, or with a request larger than the method
/// takes, with ResourceExhausted saying which limit it met. A call whose deadline passes ends with DeadlineExceeded.
/// </remarks>
public sealed partial class PeerAuthorizationInterceptor(
    IPeerDirectory directory, PeerCallLimits limits, PeerRateLimiter rates, ILogger<PeerAuthorizationInterceptor> logger) : Interceptor
{
    /// <summary>The key of the admitted <see cref="PeerIdentity"/> in a call's user state.</summary>
    public const string PeerKey = "consortium.peer";

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var peer = await AuthorizeAsync(context).ConfigureAwait(false);
        if (request is Google.Protobuf.IMessage message && message.CalculateSize() is var size && size > limits.MaxRequestBytes(context.Method))
        {
            throw Refuse(context, StatusCode.ResourceExhausted, $"{peer.Name}'s request of {size} bytes is over the {limits.MaxRequestBytes(context.Method)} bytes {context.Method} takes");
        }

        return await continuation(request, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task<PeerIdentity> AuthorizeAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var method = context.Method;
        if (!http.Request.IsHttps)
        {
            throw Refuse(context, StatusCode.Unauthenticated, "plaintext call: nodes speak mutual TLS only");
        }

        var certificate = http.Connection.ClientCertificate ?? await http.Connection.GetClientCertificateAsync(context.CancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            throw Refuse(context, StatusCode.Unauthenticated, "no client certificate: a node calls another with the certificate it published on chain");
        }

        var fingerprint = PeerCertificates.Fingerprint(certificate);
        PeerLookup lookup;
        try
        {
            lookup = await directory.FindAsync(fingerprint, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Refuse(context, StatusCode.Unavailable, $"cannot check the caller's membership on chain now: {e.Message}");
        }

        if (lookup.Identity is not { } peer)
        {
            throw Refuse(context, StatusCode.PermissionDenied, $"certificate SHA-256 {fingerprint} is refused: {lookup.Refusal}");
        }

        if (!PeerCallPolicy.IsAllowed(method, peer.Role))
        {
            var roles = PeerCallPolicy.AllowedRoles(method);
            var who = roles.Count == 0 ? "nobody" : string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()));
            throw Refuse(context, StatusCode.PermissionDenied, $"{peer} may not call {method}: only the {who} may");
        }

        var cap = PeerCallLimits.MaxDeadline(method);
        if (context.Deadline == DateTime.MaxValue || context.Deadline - DateTime.UtcNow > cap)
        {
            throw Refuse(context, StatusCode.InvalidArgument, context.Deadline == DateTime.MaxValue
                ? $"{peer} called {method} without a deadline; calls carry one of at most {cap.TotalMinutes:0.#} minutes"
                : $"{peer} called {method} with a deadline {(context.Deadline - DateTime.UtcNow).TotalMinutes:0.#} minutes away; at most {cap.TotalMinutes:0.#} are accepted");
        }

        if (!rates.TryTake(peer.Address, peer.Role))
        {
            var (rate, burst) = limits.RateFor(peer.Role);
            throw Refuse(context, StatusCode.ResourceExhausted, $"{peer} called more than {rate:0.#} times a second (bursts of {burst}); slow down");
        }

        context.UserState[PeerKey] = peer;
        return peer;
    }

    private RpcException Refuse(ServerCallContext context, StatusCode code, string reason)
    {
        LogRefused(logger, context.Method, context.Peer, code, reason);
        return new RpcException(new Status(code, reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} from {Peer}: {Code} {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string peer, StatusCode code, string reason);
}
