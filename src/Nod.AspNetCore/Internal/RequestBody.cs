using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nod.AspNetCore.Internal;

/// <summary>A request body read into a pooled buffer; dispose it to return the buffer.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, Length);

    /// <summary>The body as memory; valid until the body is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is null ? default : _buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads the whole body, refusing (with <see langword="null"/>) one over <paramref name="maxSize"/> bytes: first by
    /// its <c>Content-Length</c>, then by counting while reading (chunked bodies, lying headers).
    /// </summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int maxSize, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxSize)
        {
            return null;
        }

        // Let the server enforce the limit too (and allow it when it is above the server's default). Kestrel counts a
        // chunked body's framing against it, so a body of unknown length gets twice the room — enough for chunks of
        // 8 bytes and more —, and the decoded bytes are held to the exact limit below.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = request.ContentLength is null ? 2L * maxSize : maxSize;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > maxSize)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException("Reading the request body was cancelled.", cancellationToken);
            }

            if (result.IsCompleted)
            {
                var length = (int)buffer.Length;
                var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffer.CopyTo(array);
                reader.AdvanceTo(buffer.End);
                return new RequestBody(array, length);
            }

            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
