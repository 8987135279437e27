using System.Security.Cryptography;
using Nod.Storage.LiteDb.Internal;

namespace Nod.Storage.LiteDb.Tests.Unit;

/// <summary>The secret permutation behind message ids: it decrypts what it encrypts, never maps two inputs to one, and depends on the key.</summary>
public sealed class MessageIdCipherTests : IDisposable
{
    private readonly MessageIdCipher _cipher = new(RandomNumberGenerator.GetBytes(MessageIdCipher.KeyLength));

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(0x7fff_ffff_ffff_ffffUL)]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(ulong.MaxValue)]
    public void Decrypt_OfEncrypt_IsTheInput(ulong value) =>
        Assert.Equal(value, _cipher.Decrypt(_cipher.Encrypt(value)));

    /// <summary>Stored ids depend on every detail of the permutation: changing one would make every stored id unfindable.</summary>
    [Theory]
    [InlineData(0UL, 9738555887980274163UL)]
    [InlineData(0x0123_4567_89ab_cdefUL, 11170628968666591480UL)]
    [InlineData(0x7fff_ffff_ffff_ffffUL, 13403062048877449167UL)]
    public void Encrypt_FixedKey_GivesTheKnownAnswer(ulong input, ulong expected)
    {
        using var cipher = new MessageIdCipher([.. Enumerable.Range(0, MessageIdCipher.KeyLength).Select(i => (byte)i)]);

        Assert.Equal(expected, cipher.Encrypt(input));
    }

    [Fact]
    public void Encrypt_ConsecutiveInputs_GiveDistinctOutputsThatKeepNoOrder()
    {
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16;
        var outputs = Enumerable.Range(0, 65_536).Select(i => _cipher.Encrypt(start + (ulong)i)).ToList();

        Assert.Equal(outputs.Count, outputs.Distinct().Count());
        var ascending = outputs.Zip(outputs.Skip(1)).Count(pair => pair.First < pair.Second);
        Assert.InRange(ascending, outputs.Count * 45 / 100, outputs.Count * 55 / 100);

        // Every bit of the output flips for about half of the inputs, the high ones included.
        for (var bit = 0; bit < 64; bit++)
        {
            var set = outputs.Count(o => (o >> bit & 1) == 1);
            Assert.InRange(set, outputs.Count * 45 / 100, outputs.Count * 55 / 100);
        }
    }

    [Fact]
    public void Encrypt_AnotherKey_GivesOtherOutputs()
    {
        using var other = new MessageIdCipher(RandomNumberGenerator.GetBytes(MessageIdCipher.KeyLength));

        var same = Enumerable.Range(0, 1_000).Count(i => _cipher.Encrypt((ulong)i) == other.Encrypt((ulong)i));

        Assert.Equal(0, same);
    }

    [Fact]
    public void Create_KeyOfTheWrongLength_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new MessageIdCipher(new byte[16]));
        Assert.Equal("key", error.ParamName);
    }

    public void Dispose() => _cipher.Dispose();
}
