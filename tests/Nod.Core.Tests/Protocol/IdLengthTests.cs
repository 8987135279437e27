using System.Text;
using Nod.Protocol;

namespace Nod.Core.Tests.Protocol;

/// <summary>
/// Ids are measured in UTF-16 code units (<see cref="string.Length"/>), the unit <see cref="NodLimits.LargestMaxIdLength"/>
/// is worked out in: at most 3 UTF-8 bytes each, so an id that passes the check fits the stores' index keys.
/// </summary>
public sealed class IdLengthTests
{
    private const int Max = NodLimits.LargestMaxIdLength;

    private readonly AgentEventValidator _validator = new(new NodLimits { MaxIdLength = Max });

    public static TheoryData<string, int> Ids() => new()
    {
        { new string('a', Max), Max },
        { new string('\u4e2d', Max), 3 * Max },
        { string.Concat(Enumerable.Repeat("\ud83d\ude80", Max / 2)), 2 * Max }, // an emoji: 2 code units, 4 bytes
        { new string('\ud800', Max), 3 * Max },                               // a lone surrogate is written as U+FFFD
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Validate_IdOfMaxIdLengthCodeUnits_AcceptedAndAtMostThreeBytesEach(string id, int utf8Bytes)
    {
        Assert.Null(_validator.Validate(new MessageEvent { Text = "x", ConversationId = id }));

        Assert.Equal(utf8Bytes, Encoding.UTF8.GetByteCount(id));
        Assert.True(utf8Bytes <= 3 * id.Length);
    }

    [Theory]
    [InlineData("\u4e2d")]
    [InlineData("\ud83d\ude80")]
    public void Validate_IdOneCodeUnitOrPairOverMaxIdLength_RefusedNamingTheField(string unit)
    {
        var id = string.Concat(Enumerable.Repeat(unit, (Max / unit.Length) + 1));

        Assert.Equal($"conversation_id is longer than {Max} characters", _validator.Validate(new MessageEvent { Text = "x", ConversationId = id }));
    }
}
