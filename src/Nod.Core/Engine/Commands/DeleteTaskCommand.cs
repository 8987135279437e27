namespace Nod.Engine.Commands;

/// <summary>A user deletes a task with its runs; its trigger URL stops working.</summary>
internal sealed class DeleteTaskCommand(string userId, string taskId) : EngineCommand<bool>
{
    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var (_, agent) = context.VisibleTask(taskId, userId);
        CommandContext.RequireTasks(agent);
        context.Changes.DeleteTask(taskId);
        return ValueTask.CompletedTask;
    }

    protected override bool GetResult(CommandContext context) => true;
}
