using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>Writes API answers: JSON bodies and <c>{"detail": …}</c> errors, and guards every endpoint body.</summary>
internal static class HttpResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Writes <c>{"detail": …}</c> with <paramref name="status"/>, unless the response has already started.</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string detail)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        try
        {
            await response.WriteAsJsonAsync(new ErrorBody { Detail = detail }, NodJsonContext.Default.ErrorBody, JsonContentType, context.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to read the error.
        }
    }

    /// <summary>A client's value as quoted in an error detail: cut at <paramref name="maxLength"/> characters (empty for null).</summary>
    public static string Bounded(string? value, int maxLength = 100) =>
        value is null ? string.Empty : value.Length <= maxLength ? value : value[..maxLength] + "…";

    /// <summary>Whether a catch-all route's rest of the path is exactly one segment (an id), ignoring outer slashes.</summary>
    public static bool IsSingleSegment(string path) => path.Trim('/') is { Length: > 0 } id && !id.Contains('/', StringComparison.Ordinal);

    /// <summary>The 413 of a body over <paramref name="maxSize"/> bytes.</summary>
    public static NodException TooLarge(long maxSize) => new(NodErrorKind.PayloadTooLarge, $"the body is larger than {maxSize} bytes");

    /// <summary>
    /// Runs an endpoint body and maps every failure to its status and <c>{"detail": …}</c>: bad input never surfaces as
    /// a 500; a bug answers 500 and is logged.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="maxBodySize">The body limit of this endpoint, for the 413 the server raises while reading.</param>
    /// <param name="logger">Where bugs are logged.</param>
    /// <param name="handler">The endpoint body.</param>
    public static async Task GuardAsync(HttpContext context, long maxBodySize, ILogger logger, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (NodException ex)
        {
            await WriteErrorAsync(context, ex.StatusCode, ex.Detail).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Raised by the server while reading the body: too large (413), truncated or malformed (400).
            var detail = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(maxBodySize).Detail : $"the request body could not be read: {ex.Message}";
            await WriteErrorAsync(context, ex.StatusCode, detail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
        }
#pragma warning disable CA1031 // A bug must still answer with a JSON error, and be logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The route, not the path: a trigger URL's path is its credential, and error logs travel far.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            Log.RequestFailed(logger, context.Request.Method, route, ex);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal error").ConfigureAwait(false);
        }
    }
}
