using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>A user changes a task (including enabling or disabling it); its schedule is recomputed.</summary>
internal sealed class UpdateTaskCommand(string userId, string taskId, UpdateTaskRequest request) : EngineCommand<AgentTask>
{
    private TaskRecord? _task;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var (task, agent) = context.VisibleTask(taskId, userId);
        CommandContext.RequireTasks(agent);
        _task = TaskDefinitions.Update(context, task, request);
        context.Changes.PutTask(_task);
        return ValueTask.CompletedTask;
    }

    protected override AgentTask GetResult(CommandContext context) => context.ViewOf(_task!);
}
