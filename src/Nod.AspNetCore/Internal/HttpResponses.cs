using Microsoft.AspNetCore.Http;
using Nod.Protocol;

namespace Nod.AspNetCore.Internal;

/// <summary>Writes agent API answers: JSON bodies and <c>{"detail": …}</c> errors.</summary>
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
}
