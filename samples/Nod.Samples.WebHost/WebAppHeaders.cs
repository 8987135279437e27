namespace Nod.Samples.WebHost;

/// <summary>
/// Defence in depth for the web app: a Content-Security-Policy that allows only the app's own scripts and styles (no
/// inline script, no eval), so even a rendering bug could not run injected code.
/// </summary>
internal static class WebAppHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; media-src 'self' https: http:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response of the web app and the sign-in page (not to the APIs).</summary>
    public static IApplicationBuilder UseWebAppHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/ws"))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
        }

        await next(context);
    });
}
