using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Consortium.Node.Tests.Network;

/// <summary>Every message a served node receives and sends, serialized as on the wire, with the method it belonged to.</summary>
internal sealed class WireRecorder
{
    private readonly ConcurrentQueue<(string Method, byte[] Bytes)> _messages = new();

    /// <summary>The messages so far, in the order they were seen.</summary>
    public IReadOnlyList<(string Method, byte[] Bytes)> Messages => [.. _messages];

    /// <summary>Whether <paramref name="needle"/> occurs in any message.</summary>
    public bool Contains(ReadOnlySpan<byte> needle)
    {
        foreach (var (_, bytes) in _messages)
        {
            if (bytes.AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public void Record(string method, object message)
    {
        if (message is IMessage protobuf)
        {
            _messages.Enqueue((method, protobuf.ToByteArray()));
        }
    }

    /// <summary>The server interceptor that feeds a recorder.</summary>
    internal sealed class Interceptor(WireRecorder recorder) : Grpc.Core.Interceptors.Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            recorder.Record(context.Method, request);
            var response = await continuation(request, context);
            recorder.Record(context.Method, response);
            return response;
        }
    }
}
