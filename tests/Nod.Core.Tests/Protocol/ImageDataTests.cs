using Nod.Internal;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary><see cref="ImageData"/>: base64 or data URL in, a checked data URL whose media type the bytes decide out.</summary>
public sealed class ImageDataTests
{
    private const int Max = 1024;

    public static TheoryData<string, string> Signatures() => new()
    {
        { "89504E470D0A1A0A", "image/png" },
        { "FFD8FFE0", "image/jpeg" },
        { "FFD8FFDB", "image/jpeg" },
        { "474946383761", "image/gif" }, // GIF87a
        { "474946383961", "image/gif" }, // GIF89a
        { "52494646000000005745425056503820", "image/webp" }, // RIFF....WEBPVP8
    };

    public static TheoryData<string> NotImages() =>
    [
        "00000000000000000000",
        "89504E47", // a cut PNG signature
        "FFD8", // a cut JPEG signature
        "474946383861", // GIF88a
        "524946460000000057415645", // RIFF....WAVE
        "5249464600000000574542", // RIFF....WEB (11 bytes)
        "25504446", // %PDF
        "3C737667", // <svg
    ];

    [Theory]
    [MemberData(nameof(Signatures))]
    public void ToDataUrl_KnownSignature_UsesItsMediaType(string hexHeader, string mime)
    {
        var bytes = Convert.FromHexString(hexHeader + "0102030405");
        var base64 = Convert.ToBase64String(bytes);

        var url = ImageData.ToDataUrl(base64, Max, out var error);

        Assert.Null(error);
        Assert.Equal($"data:{mime};base64,{base64}", url);
    }

    [Theory]
    [MemberData(nameof(NotImages))]
    public void ToDataUrl_NotAnImage_Error(string hex)
    {
        var url = ImageData.ToDataUrl(Convert.ToBase64String(Convert.FromHexString(hex)), Max, out var error);

        Assert.Null(url);
        Assert.Contains("image", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data:image/png;base64,")]
    [InlineData("data:image/jpeg;base64,")]
    [InlineData("data:application/octet-stream;base64,")]
    [InlineData("Data:Image/PNG;Base64,")]
    [InlineData("data:image/png;charset=binary;base64,")]
    public void ToDataUrl_DataUrl_MediaTypeFromTheBytes(string prefix)
    {
        var base64 = PngBase64();

        var url = ImageData.ToDataUrl(prefix + base64, Max, out var error);

        Assert.Null(error);
        Assert.Equal("data:image/png;base64," + base64, url);
    }

    [Theory]
    [InlineData(" \n", "\n ")]
    [InlineData("\t", "")]
    public void ToDataUrl_SurroundingWhitespace_IsTrimmed(string before, string after)
    {
        var base64 = PngBase64();

        var url = ImageData.ToDataUrl(before + base64 + after, Max, out var error);

        Assert.Null(error);
        Assert.Equal("data:image/png;base64," + base64, url);
    }

    [Fact]
    public void ToDataUrl_LineWrappedBase64_IsReEncodedWithoutWhitespace()
    {
        var base64 = PngBase64(200);
        var wrapped = string.Join("\r\n", base64.Chunk(64).Select(c => new string(c)));

        var url = ImageData.ToDataUrl(wrapped, Max, out var error);

        Assert.Null(error);
        Assert.Equal("data:image/png;base64," + base64, url);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("data:image/png;base64,")]
    public void ToDataUrl_Empty_Error(string input)
    {
        Assert.Null(ImageData.ToDataUrl(input, Max, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data:image/png,iVBORw0KGgo=")]
    [InlineData("data:image/png;base64")]
    [InlineData("data:iVBORw0KGgo=")]
    public void ToDataUrl_DataUrlWithoutBase64Marker_Error(string input)
    {
        Assert.Null(ImageData.ToDataUrl(input, Max, out var error));
        Assert.Contains("base64", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iVBORw0KGgo")]
    [InlineData("iVBORw0KGgo==")]
    [InlineData("iVBO*w0KGgo=")]
    [InlineData("data:image/png;base64,iVBO-w0KGgo=")]
    public void ToDataUrl_InvalidBase64_Error(string input)
    {
        Assert.Null(ImageData.ToDataUrl(input, Max, out var error));
        Assert.Equal("is not valid base64", error);
    }

    [Theory]
    [InlineData(Max - 2)]
    [InlineData(Max - 1)]
    [InlineData(Max)]
    public void ToDataUrl_AtOrUnderMaxBytes_IsAccepted(int length)
    {
        var url = ImageData.ToDataUrl(PngBase64(length), Max, out var error);

        Assert.Null(error);
        Assert.NotNull(url);
    }

    [Theory]
    [InlineData(Max + 1)]
    [InlineData(Max + 2)]
    [InlineData(Max + 3)]
    [InlineData(Max * 4)]
    public void ToDataUrl_OverMaxBytes_Error(int length)
    {
        Assert.Null(ImageData.ToDataUrl(PngBase64(length), Max, out var error));
        Assert.Contains($"larger than {Max} bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDataUrl_OverMaxBytesAsDataUrl_Error()
    {
        Assert.Null(ImageData.ToDataUrl("data:image/png;base64," + PngBase64(Max + 1), Max, out var error));
        Assert.Contains("larger than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDataUrl_HugeInput_RefusedBySize()
    {
        var huge = new string('A', 4 * 1024 * 1024);

        Assert.Null(ImageData.ToDataUrl(huge, Max, out var error));
        Assert.Contains("larger than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDataUrl_DecodedBytes_AreTheImage()
    {
        var png = Png(300);

        var url = ImageData.ToDataUrl(Convert.ToBase64String(png), Max, out _);

        Assert.Equal(png, Convert.FromBase64String(url!["data:image/png;base64,".Length..]));
    }
}
