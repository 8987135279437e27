using Nod.Model;

namespace Nod.Engine.Commands;

/// <summary>A user (for an agent they can see) or the agent itself creates a task.</summary>
internal sealed class CreateTaskCommand : EngineCommand<AgentTask>
{
    private readonly string _agentId;
    private readonly string? _userId;
    private readonly CreateTaskRequest _request;
    private TaskRecord? _task;

    private CreateTaskCommand(string agentId, string? userId, CreateTaskRequest request)
    {
        _agentId = agentId;
        _userId = userId;
        _request = request;
    }

    public static CreateTaskCommand ByUser(string userId, string agentId, CreateTaskRequest request) => new(agentId, userId, request);

    public static CreateTaskCommand ByAgent(string agentId, CreateTaskRequest request) => new(agentId, null, request);

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        var agent = _userId is null ? context.CallingAgent(_agentId) : context.VisibleAgent(_agentId, _userId);
        CommandContext.RequireTasks(agent);
        _task = TaskDefinitions.Create(context, agent, _request, _userId is null ? TaskCreator.Agent : TaskCreator.User);
        context.Changes.PutTask(_task);
        return ValueTask.CompletedTask;
    }

    protected override AgentTask GetResult(CommandContext context) => context.ViewOf(_task!);
}
