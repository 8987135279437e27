using Microsoft.AspNetCore.Http;

namespace Nod.AspNetCore;

// The app API (PROTOCOL §7): the endpoints people's apps use, behind the host's own authentication.
public sealed partial class NodHttpOptions
{
    /// <summary>Default of <see cref="MaxAppRequestBodySize"/>: 1 MB.</summary>
    public const int DefaultMaxAppRequestBodySize = 1024 * 1024;

    /// <summary>Default of <see cref="MaxAppWebSocketMessageSize"/>: 64 KB.</summary>
    public const int DefaultMaxAppWebSocketMessageSize = 64 * 1024;

    /// <summary>
    /// Whether <c>MapNod()</c> maps the app API (<c>/api/app/…</c> and <c>/ws/app</c>). A host without users of its own
    /// (it only serves agents) sets it to <see langword="false"/>; then it needs no authentication.
    /// </summary>
    /// <value>Default <see langword="true"/>: the app API is mapped, and the host must have authentication configured.</value>
    public bool EnableAppApi { get; set; } = true;

    /// <summary>
    /// The authorization policy every app endpoint requires (<c>/api/app/…</c> and the <c>/ws/app</c> upgrade). The host
    /// can also chain <c>.RequireAuthorization(…)</c> on the group <c>MapNod()</c> returns; both then apply.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: the host's default policy (<c>RequireAuthorization()</c>, an authenticated user
    /// unless the host changed it). A name must be a policy registered with <c>AddAuthorization</c>.
    /// </value>
    public string? AppAuthorizationPolicy { get; set; }

    /// <summary>
    /// Who the signed-in person is, for Nod: a user id (stable; it owns agents and shares) and a display name (shown on
    /// their messages and resolutions). Return <see langword="null"/> when the request has no Nod user (answered 401).
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: the id is the principal's <c>ClaimTypes.NameIdentifier</c> claim (else <c>sub</c>),
    /// the name its <c>ClaimTypes.Name</c> claim (else <c>name</c>, else the id). An authenticated principal without an
    /// id is refused with 403 and a detail pointing here.
    /// </value>
    public Func<HttpContext, NodAppUser?>? ResolveAppUser { get; set; }

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>) allowed to open <c>/ws/app</c> besides the host's own. A WebSocket
    /// upgrade whose <c>Origin</c> is not the request's own host nor listed here is refused with 403 before the upgrade,
    /// so another site cannot open a socket with the user's cookies. A request without <c>Origin</c> (a non-browser
    /// client: browsers always send it) is allowed: it carries whatever credentials its client chose to send.
    /// </summary>
    /// <value>Default empty: only the same host (the <c>Host</c> of the upgrade request). Entries are absolute http(s) origins, without a path.</value>
    public IList<string> AppAllowedOrigins { get; } = [];

    /// <summary>The largest app API request body, in bytes: a larger one is refused with 413.</summary>
    /// <value>Default 1 MB (<see cref="DefaultMaxAppRequestBodySize"/>, PROTOCOL §8). At least 1.</value>
    public int MaxAppRequestBodySize { get; set; } = DefaultMaxAppRequestBodySize;

    /// <summary>
    /// The largest message an app may send on <c>/ws/app</c> (apps only send <c>ping</c>): a larger one closes the socket
    /// with 1009. Keep-alive and the idle timeout are <see cref="WebSocketKeepAliveInterval"/> and
    /// <see cref="WebSocketIdleTimeout"/>, shared with the agent WebSocket.
    /// </summary>
    /// <value>Default 64 KB (<see cref="DefaultMaxAppWebSocketMessageSize"/>). At least 1.</value>
    public int MaxAppWebSocketMessageSize { get; set; } = DefaultMaxAppWebSocketMessageSize;
}
