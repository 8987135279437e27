using Nod.Protocol;
using static Nod.Core.Tests.Protocol.ProtocolTestData;

namespace Nod.Core.Tests.Protocol;

/// <summary>PROTOCOL §3 <c>message</c>: <c>image_base64</c>, raw or as a data URL, checked and turned into a data URL.</summary>
public sealed class MessageImageTests
{
    [Fact]
    public void Parse_ImageWithoutText_IsValid()
    {
        var png = PngBase64();

        var message = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"{{png}}"}"""));

        Assert.Null(message.Text);
        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Caption")]
    public void Parse_ImageWithText_KeepsBoth(string text)
    {
        var png = PngBase64();

        var message = AssertParses<MessageEvent>(Parse($$"""{"type":"message","text":"{{text}}","image_base64":"{{png}}"}"""));

        Assert.Equal(text, message.Text);
        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Fact]
    public void Parse_RawBase64_GivesPngDataUrl()
    {
        var png = PngBase64(64);

        var message = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"{{png}}"}"""));

        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Theory]
    [InlineData("data:image/png;base64,")]
    [InlineData("DATA:IMAGE/PNG;BASE64,")]
    [InlineData("data:image/jpeg;base64,")] // the bytes decide, not the claim
    [InlineData("data:image/png;name=x.png;base64,")]
    public void Parse_DataUrl_GivesPngDataUrl(string prefix)
    {
        var png = PngBase64(64);

        var message = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"{{prefix}}{{png}}"}"""));

        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Fact]
    public void Parse_RawAndDataUrlOfSameImage_GiveTheSameDataUrl()
    {
        var png = PngBase64(40);

        var raw = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"{{png}}"}"""));
        var dataUrl = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"data:image/png;base64,{{png}}"}"""));

        Assert.Equal(raw.ImageDataUrl, dataUrl.ImageDataUrl);
    }

    [Fact]
    public void Parse_Base64WithLineBreaks_GivesCleanDataUrl()
    {
        var png = PngBase64(120);
        var wrapped = string.Join("\\r\\n", png.Chunk(76).Select(c => new string(c)));

        var message = AssertParses<MessageEvent>(Parse($$"""{"type":"message","image_base64":"{{wrapped}}"}"""));

        Assert.Equal("data:image/png;base64," + png, message.ImageDataUrl);
    }

    [Theory]
    [InlineData("SGVsbG8sIHdvcmxkIQ==")] // "Hello, world!"
    [InlineData("JVBERi0xLjQK")] // "%PDF-1.4\n"
    [InlineData("data:image/png;base64,SGVsbG8sIHdvcmxkIQ==")]
    [InlineData("data:text/plain;base64,SGVsbG8sIHdvcmxkIQ==")]
    public void Parse_NotAnImage_ErrorNamesImageBase64(string imageBase64)
    {
        AssertFailsNaming(Parse($$"""{"type":"message","text":"x","image_base64":"{{imageBase64}}"}"""), "image_base64");
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("iVBORw0KGgo")] // unpadded
    [InlineData("iVBORw0KGgo=====")]
    [InlineData("@@@@")]
    [InlineData("data:image/png;base64,%%%%")]
    [InlineData("data:image/png,iVBORw0KGgo=")] // not base64-encoded
    [InlineData("data:image/png;base64")] // no comma
    [InlineData("data:image/png;base64,")] // nothing after the comma
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_InvalidBase64_ErrorNamesImageBase64(string imageBase64)
    {
        AssertFailsNaming(Parse($$"""{"type":"message","text":"x","image_base64":"{{imageBase64}}"}"""), "image_base64");
    }

    [Fact]
    public void Parse_InvalidImageWithoutText_ErrorNamesImageBase64()
    {
        AssertFailsNaming(Parse("""{"type":"message","image_base64":"SGVsbG8="}"""), "image_base64");
    }

    [Fact]
    public void Parse_ImageNull_TextStillRequired()
    {
        AssertFailsNaming(Parse("""{"type":"message","image_base64":null}"""), "text");
    }

    [Fact]
    public void Parse_ImageError_ReturnsRef()
    {
        var result = Parse("""{"type":"message","image_base64":"@@@@","ref":"img-1"}""");

        Assert.False(result.IsSuccess);
        Assert.Equal("img-1", result.Ref);
    }
}
