namespace Nod;

/// <summary>The kinds of failure Nod reports; each maps to one HTTP status (PROTOCOL §2, errors).</summary>
public enum NodErrorKind
{
    /// <summary>An invalid or missing field (400).</summary>
    InvalidRequest = 400,

    /// <summary>Missing or wrong credentials (401).</summary>
    Unauthorized = 401,

    /// <summary>Not allowed for this agent or user (403), e.g. chat with an approval-only agent.</summary>
    Forbidden = 403,

    /// <summary>Unknown id, or an id the caller may not see (404).</summary>
    NotFound = 404,

    /// <summary>The state does not allow it any more (409), e.g. a decision already resolved.</summary>
    Conflict = 409,

    /// <summary>Too large (413).</summary>
    PayloadTooLarge = 413,

    /// <summary>Not JSON (415).</summary>
    UnsupportedMediaType = 415,

    /// <summary>Rate limited (429).</summary>
    RateLimited = 429,

    /// <summary>Nod is not running (503): not started yet, or shutting down.</summary>
    Unavailable = 503,
}
