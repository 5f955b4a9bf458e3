using System.Diagnostics;
using Consortium.Network.Protos;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Consortium.Node.Hosting;

/// <summary>Counts every call a node serves into <see cref="NodeMetrics"/>: its status, latency, bytes either way, and the gas and rounds its replies report.</summary>
public sealed class NodeMetricsInterceptor(NodeMetrics metrics) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var method = context.Method;
        var clock = Stopwatch.StartNew();
        if (request is IMessage message)
        {
            metrics.BytesIn.WithLabels(method).Inc(message.CalculateSize());
        }

        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            if (response is IMessage reply)
            {
                metrics.BytesOut.WithLabels(method).Inc(reply.CalculateSize());
            }

            Observe(response);
            metrics.Calls.WithLabels(method, nameof(StatusCode.OK)).Inc();
            return response;
        }
        catch (RpcException e)
        {
            metrics.Calls.WithLabels(method, e.StatusCode.ToString()).Inc();
            if (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                metrics.Refused.WithLabels(e.StatusCode.ToString()).Inc();
            }

            throw;
        }
        catch (Exception)
        {
            metrics.Calls.WithLabels(method, nameof(StatusCode.Unknown)).Inc();
            throw;
        }
        finally
        {
            metrics.CallSeconds.WithLabels(method).Observe(clock.Elapsed.TotalSeconds);
        }
    }

    private void Observe(object? response)
    {
        switch (response)
        {
            case TrainReply train:
                metrics.Rounds.Inc();
                metrics.Gas.WithLabels("commit").Inc(train.CommitGasUsed);
                break;
            case ClaimReply claim:
                metrics.Gas.WithLabels("claim").Inc(claim.ClaimGasUsed);
                break;
        }
    }
}
