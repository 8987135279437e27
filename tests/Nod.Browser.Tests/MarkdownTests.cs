using Nod.Browser.Tests.Infrastructure;

namespace Nod.Browser.Tests;

/// <summary>
/// The web app's markdown renderer (wwwroot/js/markdown.js), run in the browser: what it makes of each input, as HTML.
/// It builds DOM nodes and never parses HTML, so markup in a message is text; only http(s) and mailto links are links.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MarkdownTests(BrowserFixture fixture)
{
    private static string Link(string href, string text) => $"<a href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">{text}</a>";

    public static TheoryData<string, string> Cases => new()
    {
        { "plain & <b>bold</b>", "<p>plain &amp; &lt;b&gt;bold&lt;/b&gt;</p>" },
        { "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" },
        { "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>" },
        { "[x](javascript:alert(1))", "<p><span class=\"unsafe-link\" title=\"Link removed: not an http(s) URL\">x</span></p>" },
        { "[x](JaVaScRiPt:alert(1))", "<p><span class=\"unsafe-link\" title=\"Link removed: not an http(s) URL\">x</span></p>" },
        { "[x](data:text/html;base64,PHNjcmlwdD4=)", "<p><span class=\"unsafe-link\" title=\"Link removed: not an http(s) URL\">x</span></p>" },
        { "[x](vbscript:msgbox)", "<p><span class=\"unsafe-link\" title=\"Link removed: not an http(s) URL\">x</span></p>" },
        { "![pic](javascript:alert(1))", "<p><span class=\"unsafe-link\" title=\"Link removed: not an http(s) URL\">pic</span></p>" },
        { "<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>" },
        { "[\"onmouseover=\"alert(1)](https://example.com/a\"b)", "<p>" + Link("https://example.com/a%22b", "\"onmouseover=\"alert(1)") + "</p>" },
        { "[docs](https://example.com/docs \"Title\")", "<p>" + Link("https://example.com/docs", "docs") + "</p>" },
        { "see https://example.com/x.", "<p>see " + Link("https://example.com/x", "https://example.com/x") + ".</p>" },
        { "<mailto:a@example.com>", "<p>" + Link("mailto:a@example.com", "mailto:a@example.com") + "</p>" },
        { "**bold** *it* _it_ ~~no~~ `<code>`", "<p><strong>bold</strong> <em>it</em> <em>it</em> <del>no</del> <code>&lt;code&gt;</code></p>" },
        { "snake_case_name and foo__bar__baz", "<p>snake_case_name and foo__bar__baz</p>" },
        { "a\nb", "<p>a<br>b</p>" },
        { "\\*not italic\\*", "<p>*not italic*</p>" },
        { "# Title", "<h3>Title</h3>" },
        { "```js\nlet a = '<b>';\n```", "<pre><code class=\"language-js\">let a = '&lt;b&gt;';</code></pre>" },
        { "> quoted\n> text", "<blockquote><p>quoted<br>text</p></blockquote>" },
        { "- a\n- b\n  - c", "<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>" },
        { "3. three\n4. four", "<ol start=\"3\"><li>three</li><li>four</li></ol>" },
        { "| a | b |\n|:-|-:|\n| 1 | <i>2</i> |", "<div class=\"table-scroll\"><table><thead><tr><th scope=\"col\">a</th><th scope=\"col\" class=\"align-right\">b</th></tr></thead><tbody><tr><td>1</td><td class=\"align-right\">&lt;i&gt;2&lt;/i&gt;</td></tr></tbody></table></div>" },
        { "---", "<hr>" },
    };

    [BrowserFact]
    public async Task Markdown_EachInput_RendersTheExpectedSafeHtml()
    {
        await using var session = await fixture.OpenAsync();
        await session.Page.GotoAsync("/account/login");
        var failures = new List<string>();
        foreach (var row in Cases)
        {
            var (input, expected) = ((string)row[0], (string)row[1]);
            var html = await session.Page.EvaluateAsync<string>(
                "async text => { const { renderMarkdown } = await import('/js/markdown.js'); const div = document.createElement('div'); div.append(renderMarkdown(text)); return div.innerHTML; }",
                input);
            if (html != expected)
            {
                failures.Add($"{input}\n  expected {expected}\n  actual   {html}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
