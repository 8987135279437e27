using System.Text.Json;
using Nod.Storage;

namespace Nod.Protocol;

/// <summary>Turns a logged payload back into its frame object (for in-process readers of events caught up from the store).</summary>
internal static class FrameReader
{
    public static NodFrame Read(EventAudience audience, string type, ReadOnlySpan<byte> payload)
    {
        var context = NodJsonContext.Default;
        NodFrame? frame = (audience, type) switch
        {
            (EventAudience.Agent, UserMessageFrame.TypeName) => JsonSerializer.Deserialize(payload, context.UserMessageFrame),
            (EventAudience.Agent, DecisionResolvedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.DecisionResolvedFrame),
            (EventAudience.Agent, TaskDueFrame.TypeName) => JsonSerializer.Deserialize(payload, context.TaskDueFrame),
            (EventAudience.Agent, TaskTriggerFrame.TypeName) => JsonSerializer.Deserialize(payload, context.TaskTriggerFrame),
            (EventAudience.App, MessageCreatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.MessageCreatedFrame),
            (EventAudience.App, DecisionCreatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.DecisionCreatedFrame),
            (EventAudience.App, DecisionUpdatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.DecisionUpdatedFrame),
            (EventAudience.App, ActivityCreatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.ActivityCreatedFrame),
            (EventAudience.App, IndicatorChangedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.IndicatorChangedFrame),
            (EventAudience.App, AgentStatusFrame.TypeName) => JsonSerializer.Deserialize(payload, context.AgentStatusFrame),
            (EventAudience.App, AgentUpdatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.AgentUpdatedFrame),
            (EventAudience.App, AgentRemovedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.AgentRemovedFrame),
            (EventAudience.App, TaskRunUpdatedFrame.TypeName) => JsonSerializer.Deserialize(payload, context.TaskRunUpdatedFrame),
            _ => null,
        };
        return frame ?? throw new InvalidOperationException($"The event log holds a '{type}' event for {audience} that this version cannot read.");
    }

    public static byte[] Write(NodFrame frame) =>
        JsonSerializer.SerializeToUtf8Bytes(frame, NodJsonContext.Default.GetTypeInfo(frame.GetType())
            ?? throw new InvalidOperationException($"No JSON metadata for {frame.GetType().Name}."));
}
