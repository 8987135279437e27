using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nod.Webhooks;

/// <summary>
/// Checks that a webhook request really comes from Nod: for .NET agents receiving deliveries. Both signature schemes
/// are verified in constant time, and timestamps further than the tolerance from now are refused (replays).
/// </summary>
/// <example>
/// <code>
/// var verifier = new NodWebhookVerifier(webhookSecret);   // the agent's whsec_… secret
/// app.MapPost("/nod-webhook", async (HttpRequest request) =>
/// {
///     using var buffer = new MemoryStream();
///     await request.Body.CopyToAsync(buffer);
///     var body = buffer.ToArray();
///     if (!verifier.VerifyNod(request.Headers["X-Nod-Timestamp"], request.Headers["X-Nod-Signature"], body))
///         return Results.Unauthorized();
///     // dedupe on request.Headers["X-Nod-Event-Id"], then handle the event JSON in body
///     return Results.Ok();
/// });
/// </code>
/// </example>
public sealed class NodWebhookVerifier
{
    /// <summary>The default timestamp tolerance: 5 minutes either way.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _key;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for one agent's webhook signing secret.</summary>
    /// <param name="webhookSecret">The agent's <c>whsec_…</c> secret.</param>
    /// <param name="tolerance">How far a timestamp may be from now; default 5 minutes.</param>
    /// <param name="timeProvider">The clock; default the system clock.</param>
    /// <exception cref="ArgumentException">The secret is not <c>whsec_</c> + base64.</exception>
    public NodWebhookVerifier(string webhookSecret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        _key = WebhookSignatures.KeyOf(webhookSecret);
        _tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_tolerance, TimeSpan.Zero, nameof(tolerance));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies Nod's own scheme: <c>X-Nod-Timestamp</c> and <c>X-Nod-Signature: sha256=…</c>.</summary>
    /// <param name="timestamp">The <c>X-Nod-Timestamp</c> header (Unix seconds).</param>
    /// <param name="signature">The <c>X-Nod-Signature</c> header.</param>
    /// <param name="body">The raw request body, byte for byte.</param>
    /// <returns>Whether the signature matches and the timestamp is recent.</returns>
    public bool VerifyNod(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (timestamp is null || signature is null || !IsFresh(timestamp) || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = WebhookSignatures.Hmac(_key, timestamp, null, body);
        var presented = Encoding.ASCII.GetBytes(signature[7..]);
        var expectedHex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(expected));
        return CryptographicOperations.FixedTimeEquals(expectedHex, presented);
    }

    /// <summary>
    /// Verifies the Standard Webhooks scheme: <c>webhook-id</c>, <c>webhook-timestamp</c> and
    /// <c>webhook-signature</c> (space-separated <c>v1,…</c> entries; any one matching is enough).
    /// </summary>
    /// <param name="id">The <c>webhook-id</c> header (the event id).</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header (Unix seconds).</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw request body, byte for byte.</param>
    /// <returns>Whether a signature matches and the timestamp is recent.</returns>
    public bool VerifyStandard(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (id is null || timestamp is null || signature is null || !IsFresh(timestamp))
        {
            return false;
        }

        var expected = WebhookSignatures.Hmac(_key, timestamp, id, body);
        var matched = false;
        foreach (var entry in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var presented = new byte[32];
            if (Convert.TryFromBase64String(entry[3..], presented, out var written) && written == presented.Length)
            {
                // No early exit: every entry is compared, in constant time.
                matched |= CryptographicOperations.FixedTimeEquals(expected, presented);
            }
        }

        return matched;
    }

    private bool IsFresh(string timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - seconds) <= (long)_tolerance.TotalSeconds;
    }
}
