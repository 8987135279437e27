using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Nod.Webhooks;

/// <summary>
/// The two signatures every delivery carries (PROTOCOL §6), computed with the 32-byte key of the agent's
/// <c>whsec_</c> secret: <c>X-Nod-Signature: sha256=&lt;hex HMAC of "timestamp.body"&gt;</c> and Standard Webhooks'
/// <c>webhook-signature: v1,&lt;base64 HMAC of "id.timestamp.body"&gt;</c>.
/// </summary>
public static class WebhookSignatures
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The HMAC key of a <c>whsec_</c> secret: the base64 after the prefix, decoded.</summary>
    /// <param name="webhookSecret">The <c>whsec_…</c> secret.</param>
    /// <exception cref="ArgumentException">The secret is not <c>whsec_</c> + base64.</exception>
    public static byte[] KeyOf(string webhookSecret)
    {
        ArgumentNullException.ThrowIfNull(webhookSecret);
        var base64 = webhookSecret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? webhookSecret[SecretPrefix.Length..] : webhookSecret;
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The webhook secret must be 'whsec_' followed by base64.", nameof(webhookSecret), ex);
        }
    }

    /// <summary><c>sha256=</c> + lowercase hex of HMAC-SHA256(key, <c>timestamp + "." + body</c>).</summary>
    /// <param name="key">The HMAC key.</param>
    /// <param name="timestamp">The Unix-seconds timestamp as sent in <c>X-Nod-Timestamp</c>.</param>
    /// <param name="body">The raw body.</param>
    public static string NodSignature(ReadOnlySpan<byte> key, string timestamp, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(Hmac(key, timestamp, null, body));

    /// <summary><c>v1,</c> + base64 of HMAC-SHA256(key, <c>id + "." + timestamp + "." + body</c>) (Standard Webhooks).</summary>
    /// <param name="key">The HMAC key.</param>
    /// <param name="id">The message id as sent in <c>webhook-id</c> (the event id).</param>
    /// <param name="timestamp">The Unix-seconds timestamp as sent in <c>webhook-timestamp</c>.</param>
    /// <param name="body">The raw body.</param>
    public static string StandardSignature(ReadOnlySpan<byte> key, string id, string timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hmac(key, timestamp, id, body));

    /// <summary>HMAC-SHA256 over <c>[id "."] timestamp "." body</c>, without copying the body.</summary>
    internal static byte[] Hmac(ReadOnlySpan<byte> key, string timestamp, string? id, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        var prefix = id is null ? timestamp + "." : id + "." + timestamp + ".";
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(prefix.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(prefix, buffer);
            hmac.AppendData(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
