using Nod.Internal;
using Nod.Model;
using Nod.Protocol;

namespace Nod.Engine.Commands;

/// <summary>A user adds an always-allow or deny rule to an agent.</summary>
internal sealed class AddRuleCommand(string userId, string agentId, AddRuleRequest request) : EngineCommand<Rule>
{
    private Rule? _rule;

    public override ValueTask ExecuteAsync(CommandContext context)
    {
        context.VisibleAgent(agentId, userId);
        var pattern = Fields.Required(request.Pattern, "pattern", context.Limits.MaxPatternLength);
        if (request.Effect is not { } effect || !Enum.IsDefined(effect))
        {
            throw NodException.Invalid("effect is required: allow or deny");
        }

        _rule = context.State.RulesOf(agentId).FirstOrDefault(r => r.Pattern == pattern && r.Effect == effect);
        if (_rule is null)
        {
            _rule = new Rule { Id = NodIds.Rule(), AgentId = agentId, Pattern = pattern, Effect = effect, CreatedBy = userId, CreatedAt = context.Now };
            context.Changes.PutRule(_rule);
        }

        return ValueTask.CompletedTask;
    }

    protected override Rule GetResult(CommandContext context) => _rule!;
}
