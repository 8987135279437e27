using System.Security.Cryptography;

namespace Nod.Internal;

/// <summary>Ids and secrets from the cryptographic RNG (PROTOCOL §1).</summary>
internal static class NodIds
{
    public static string Agent() => Hex("agt_", 8);

    public static string Conversation() => Hex("conv_", 8);

    public static string Message() => Hex("msg_", 8);

    public static string Decision() => Hex("dec_", 8);

    public static string Activity() => Hex("act_", 8);

    public static string Rule() => Hex("rul_", 8);

    public static string Event() => Hex("evt_", 8);

    public static string Connection() => Hex("con_", 8);

    public static string Task() => Hex("tsk_", 8);

    public static string Delivery() => Hex("dlv_", 8);

    public static string Run() => Hex("run_", 8);

    /// <summary><c>trg_</c> + 32 hex: the secret token of a trigger URL.</summary>
    public static string Trigger() => Hex("trg_", 16);

    /// <summary><c>nod_</c> + 40 hex: 160 random bits.</summary>
    public static string AgentSecret() => Hex("nod_", 20);

    /// <summary><c>whsec_</c> + base64 of 32 random bytes; the HMAC key is the 32 bytes.</summary>
    public static string WebhookSecret()
    {
        Span<byte> key = stackalloc byte[32];
        RandomNumberGenerator.Fill(key);
        return "whsec_" + Convert.ToBase64String(key);
    }

    private static string Hex(string prefix, int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        RandomNumberGenerator.Fill(bytes);
        return string.Concat(prefix, Convert.ToHexStringLower(bytes));
    }
}
