namespace Nod;

/// <summary>
/// A request Nod refused. <see cref="Kind"/> says why (and maps to an HTTP status); <see cref="Detail"/> is the
/// human-readable reason that names the field or id, exactly what the wire sends as <c>{"detail": …}</c>.
/// </summary>
public sealed class NodException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the request was refused.</param>
    /// <param name="detail">The reason, naming the field or id.</param>
    public NodException(NodErrorKind kind, string detail)
        : base(detail)
    {
        Kind = kind;
        Detail = detail;
    }

    /// <summary>Why the request was refused.</summary>
    public NodErrorKind Kind { get; }

    /// <summary>The reason, naming the field or id.</summary>
    public string Detail { get; }

    /// <summary>The HTTP status that stands for <see cref="Kind"/>.</summary>
    public int StatusCode => (int)Kind;

    internal static NodException Invalid(string detail) => new(NodErrorKind.InvalidRequest, detail);

    internal static NodException NotFound(string detail) => new(NodErrorKind.NotFound, detail);

    internal static NodException Forbidden(string detail) => new(NodErrorKind.Forbidden, detail);

    internal static NodException Conflict(string detail) => new(NodErrorKind.Conflict, detail);

    internal static NodException Unauthorized(string detail) => new(NodErrorKind.Unauthorized, detail);
}
