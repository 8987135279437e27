using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Nod.Webhooks;

namespace Nod.Core.Tests.Webhooks;

/// <summary>The verifier .NET agents use on deliveries: both schemes, constant time, timestamp tolerance.</summary>
public sealed class NodWebhookVerifierTests
{
    private const string EventId = "evt_0123456789abcdef";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"user_message\",\"seq\":7,\"event_id\":\"evt_0123456789abcdef\",\"text\":\"hi\"}");
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
    private readonly string _secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void BothSchemes_SignedByAnIndependentImplementation_Verify()
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now);

        Assert.True(verifier.VerifyNod(timestamp, NodSignature(_secret, timestamp, Body), Body));
        Assert.True(verifier.VerifyStandard(EventId, timestamp, StandardSignature(_secret, EventId, timestamp, Body), Body));
    }

    [Fact]
    public void LibrarySigner_MatchesTheIndependentImplementation()
    {
        var key = WebhookSignatures.KeyOf(_secret);
        var timestamp = Unix(Now);

        Assert.Equal(NodSignature(_secret, timestamp, Body), WebhookSignatures.NodSignature(key, timestamp, Body));
        Assert.Equal(StandardSignature(_secret, EventId, timestamp, Body), WebhookSignatures.StandardSignature(key, EventId, timestamp, Body));
    }

    [Fact]
    public void TamperedBody_FailsBoth()
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now);
        var tampered = Body.ToArray();
        tampered[^3] ^= 0x01;

        Assert.False(verifier.VerifyNod(timestamp, NodSignature(_secret, timestamp, Body), tampered));
        Assert.False(verifier.VerifyStandard(EventId, timestamp, StandardSignature(_secret, EventId, timestamp, Body), tampered));
    }

    [Fact]
    public void WrongSecret_FailsBoth()
    {
        var other = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var verifier = new NodWebhookVerifier(other, timeProvider: _time);
        var timestamp = Unix(Now);

        Assert.False(verifier.VerifyNod(timestamp, NodSignature(_secret, timestamp, Body), Body));
        Assert.False(verifier.VerifyStandard(EventId, timestamp, StandardSignature(_secret, EventId, timestamp, Body), Body));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public void StaleOrFutureTimestamp_FailsBoth(int offsetSeconds)
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now.AddSeconds(offsetSeconds));

        Assert.False(verifier.VerifyNod(timestamp, NodSignature(_secret, timestamp, Body), Body));
        Assert.False(verifier.VerifyStandard(EventId, timestamp, StandardSignature(_secret, EventId, timestamp, Body), Body));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void TimestampAtTheTolerance_Verifies(int offsetSeconds)
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now.AddSeconds(offsetSeconds));

        Assert.True(verifier.VerifyNod(timestamp, NodSignature(_secret, timestamp, Body), Body));
    }

    [Fact]
    public void WrongIdOrTimestampSwapped_FailsStandard()
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now);
        var signature = StandardSignature(_secret, EventId, timestamp, Body);

        Assert.False(verifier.VerifyStandard("evt_ffffffffffffffff", timestamp, signature, Body));
        Assert.False(verifier.VerifyNod(Unix(Now.AddSeconds(1)), NodSignature(_secret, timestamp, Body), Body));
    }

    [Fact]
    public void StandardHeaderWithSeveralSignatures_AnyMatchingOneVerifies()
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);
        var timestamp = Unix(Now);
        var header = "v1,bm90IGl0 v2,whatever " + StandardSignature(_secret, EventId, timestamp, Body);

        Assert.True(verifier.VerifyStandard(EventId, timestamp, header, Body));
    }

    [Theory]
    [InlineData(null, "sha256=00")]
    [InlineData("abc", "sha256=00")]
    [InlineData("1767605400", null)]
    [InlineData("1767605400", "md5=00")]
    [InlineData("1767605400", "")]
    public void MalformedHeaders_FailWithoutThrowing(string? timestamp, string? signature)
    {
        var verifier = new NodWebhookVerifier(_secret, timeProvider: _time);

        Assert.False(verifier.VerifyNod(timestamp, signature, Body));
        Assert.False(verifier.VerifyStandard(EventId, timestamp, signature, Body));
    }

    [Fact]
    public void SecretNotBase64_IsRefusedClearly()
    {
        var error = Assert.Throws<ArgumentException>(() => new NodWebhookVerifier("whsec_***"));
        Assert.Contains("whsec_", error.Message, StringComparison.Ordinal);
    }

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string NodSignature(string secret, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret[6..]);
        using var hmac = new HMACSHA256(key);
        return "sha256=" + Convert.ToHexString(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(timestamp + "."), .. body])).ToLowerInvariant();
    }

    private static string StandardSignature(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret[6..]);
        using var hmac = new HMACSHA256(key);
        return "v1," + Convert.ToBase64String(hmac.ComputeHash([.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
    }
}
