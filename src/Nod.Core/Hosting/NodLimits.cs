namespace Nod;

/// <summary>Field limits (PROTOCOL §8). A value over its limit is refused with an error that names the field.</summary>
public sealed class NodLimits
{
    /// <summary>Default of <see cref="MaxTitleLength"/>.</summary>
    public const int DefaultMaxTitleLength = 300;

    /// <summary>Default of <see cref="MaxTextLength"/>.</summary>
    public const int DefaultMaxTextLength = 64 * 1024;

    /// <summary>Default of <see cref="MaxOptions"/>.</summary>
    public const int DefaultMaxOptions = 50;

    /// <summary>Default of <see cref="MaxOptionLength"/>.</summary>
    public const int DefaultMaxOptionLength = 200;

    /// <summary>Default of <see cref="MaxImageBytes"/>: 5 MB.</summary>
    public const int DefaultMaxImageBytes = 5 * 1024 * 1024;

    /// <summary>Default of <see cref="MaxUrlLength"/>.</summary>
    public const int DefaultMaxUrlLength = 2048;

    /// <summary>Default of <see cref="MaxImageUrls"/>.</summary>
    public const int DefaultMaxImageUrls = 10;

    /// <summary>Default of <see cref="MaxPatternLength"/>.</summary>
    public const int DefaultMaxPatternLength = 1000;

    /// <summary>Default of <see cref="MaxIdLength"/>.</summary>
    public const int DefaultMaxIdLength = 100;

    /// <summary>
    /// The largest <see cref="MaxIdLength"/>. Stores build index keys from ids, and LiteDB refuses a key over 1,023
    /// bytes (1,021 bytes of UTF-8 text). The longest key holds two ids (a task run's: task id, a 19-digit time, run id
    /// and two separators), and each UTF-16 code unit of an id takes at most 3 bytes in UTF-8 (a surrogate pair takes 4):
    /// 2 × 3 × 166 + 21 = 1,017 bytes, where 167 would need 1,023.
    /// </summary>
    public const int LargestMaxIdLength = 166;

    /// <summary>Default of <see cref="MaxTriggerPayloadBytes"/>: 1 MB.</summary>
    public const int DefaultMaxTriggerPayloadBytes = 1024 * 1024;

    /// <summary>Default of <see cref="MaxPendingTriggersPerTask"/>.</summary>
    public const int DefaultMaxPendingTriggersPerTask = 1000;

    /// <summary>Default of <see cref="MaxExpiresInSeconds"/>: 30 days.</summary>
    public const int DefaultMaxExpiresInSeconds = 30 * 24 * 3600;

    /// <summary>Titles, names, status texts, actions, labels and patterns, in characters.</summary>
    /// <value>Default 300.</value>
    public int MaxTitleLength { get; set; } = DefaultMaxTitleLength;

    /// <summary>Descriptions, texts, notes and details, in characters.</summary>
    /// <value>Default 65,536 (64 KB).</value>
    public int MaxTextLength { get; set; } = DefaultMaxTextLength;

    /// <summary>Options of a choice, and always-allow options of a permission.</summary>
    /// <value>Default 50.</value>
    public int MaxOptions { get; set; } = DefaultMaxOptions;

    /// <summary>One option, in characters.</summary>
    /// <value>Default 200.</value>
    public int MaxOptionLength { get; set; } = DefaultMaxOptionLength;

    /// <summary>An image, decoded, in bytes.</summary>
    /// <value>Default 5 MB.</value>
    public int MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>An http(s) URL (webhook, image, audio), in characters.</summary>
    /// <value>Default 2048.</value>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;

    /// <summary>Images in one user message.</summary>
    /// <value>Default 10.</value>
    public int MaxImageUrls { get; set; } = DefaultMaxImageUrls;

    /// <summary>
    /// Always-allow patterns and permission subjects, in characters. Bounded because matching is quadratic in the
    /// worst case.
    /// </summary>
    /// <value>Default 1000.</value>
    public int MaxPatternLength { get; set; } = DefaultMaxPatternLength;

    /// <summary>
    /// Ids sent by clients (conversation, decision, task run…), in characters (UTF-16 code units, as
    /// <see cref="string.Length"/> counts them: an emoji counts 2). At most <see cref="LargestMaxIdLength"/>.
    /// </summary>
    /// <value>Default 100.</value>
    public int MaxIdLength { get; set; } = DefaultMaxIdLength;

    /// <summary>The body of an inbound trigger (<c>POST /api/triggers/{trigger_id}</c>), in bytes.</summary>
    /// <value>Default 1 MB.</value>
    public int MaxTriggerPayloadBytes { get; set; } = DefaultMaxTriggerPayloadBytes;

    /// <summary>
    /// Trigger runs one event task may hold while its agent is away; further triggers answer 429 until the agent takes
    /// some (each holds a payload of up to <see cref="MaxTriggerPayloadBytes"/>).
    /// </summary>
    /// <value>Default 1000.</value>
    public int MaxPendingTriggersPerTask { get; set; } = DefaultMaxPendingTriggersPerTask;

    /// <summary>The largest <c>expires_in_s</c> of a decision.</summary>
    /// <value>Default 30 days.</value>
    public int MaxExpiresInSeconds { get; set; } = DefaultMaxExpiresInSeconds;
}
