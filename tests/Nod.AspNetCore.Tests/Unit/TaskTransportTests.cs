using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod.AspNetCore.Internal;
using Nod.Model;

namespace Nod.AspNetCore.Tests.Unit;

/// <summary>Task transport rules without a server: the recorded route prefix and the task body reader.</summary>
public sealed class TaskTransportTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("nod", "/nod")]
    [InlineData("/nod/", "/nod")]
    [InlineData(" /api/v2 ", "/api/v2")]
    public void NormalizePrefix_AnySpelling_IsEmptyOrSlashPath(string prefix, string expected) =>
        Assert.Equal(expected, TaskRoutes.NormalizePrefix(prefix));

    [Fact]
    public async Task MapNod_WithAPrefix_RecordsItAsTheRoutePrefix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddNod().ConfigureHttp(o => o.EnableAppApi = false);
        await using var app = builder.Build();

        app.MapNod("nod/");

        Assert.Equal("/nod", app.Services.GetRequiredService<IOptions<NodOptions>>().Value.RoutePrefix);
    }

    [Fact]
    public void ReadCreateTask_AllFields_AreRead()
    {
        var request = TaskRequestReader.ReadCreateTask(
            "\uFEFF{\"name\":\"n\",\"prompt\":\"p\",\"schedule\":\"once\",\"run_at\":\"2026-01-05T10:30:00+01:00\",\"timezone\":null,\"enabled\":false}"u8);

        Assert.Equal("n", request.Name);
        Assert.Equal("p", request.Prompt);
        Assert.Equal("once", request.Schedule);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), request.RunAt);
        Assert.Equal(TimeSpan.Zero, request.RunAt!.Value.Offset);
        Assert.Null(request.Timezone);
        Assert.False(request.Enabled);
    }

    [Fact]
    public void ReadCompleteRun_FailedWithError_IsRead()
    {
        var request = TaskRequestReader.ReadCompleteRun("""{"status":"failed","error":"boom","result":null}"""u8);

        Assert.Equal(TaskRunStatus.Failed, request.Status);
        Assert.Equal("boom", request.Error);
        Assert.Null(request.Result);
    }

    [Fact]
    public void ReadCreateTask_InvalidUtf8_Is400()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"name":"x"}""");
        bytes[9] = 0xFF;

        var error = Assert.Throws<NodException>(() => TaskRequestReader.ReadCreateTask(bytes));

        Assert.Equal(NodErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("UTF-8", error.Detail);
    }
}
