using Nod.Model;

namespace Nod.Storage.Conformance;

/// <summary>The contract of <see cref="IRuleStore"/> and of rule writes and deletions.</summary>
public abstract class RuleStoreConformance : StoreConformanceBase
{
    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
    {
        Assert.Empty(await Store.Rules.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task ListByAgentAsync_AgentWithoutRules_ReturnsNothing()
    {
        var agent = Data.Agent();
        await CommitOkAsync(s => s.PutAgent(agent));

        Assert.Empty(await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        Assert.Empty(await Store.Rules.ListByAgentAsync("agt_ffffffffffffffff").WithTimeout());
    }

    [Fact]
    public async Task PutRule_EveryFieldSet_RoundTrips()
    {
        var agent = Data.Agent();
        var rule = Data.Rule(agent.Id);
        StoreAssert.EveryPropertySet(rule);

        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutRule(rule);
        });

        var byAgent = await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout();
        StoreAssert.Same(new[] { rule }, byAgent);
        StoreAssert.Same(new[] { rule }, await Store.Rules.ListAsync().WithTimeout());
        StoreAssert.Utc(byAgent[0].CreatedAt);
    }

    [Fact]
    public async Task ListByAgentAsync_RulesWrittenOutOfOrder_OldestFirstByCreatedAtOnlyThatAgent()
    {
        var agent = Data.Agent();
        var other = Data.Agent();
        var oldest = Data.Rule(agent.Id, RuleEffect.Allow);
        var foreign = Data.Rule(other.Id);
        var middle = Data.Rule(agent.Id) with { Pattern = "Bash(git *)" };
        var newest = Data.Rule(agent.Id, RuleEffect.Allow) with { Pattern = "Read(*)" };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutAgent(other);
            s.PutRule(newest);
            s.PutRule(foreign);
        });
        await CommitOkAsync(s => s.PutRule(oldest));
        await CommitOkAsync(s => s.PutRule(middle));

        var rules = await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout();

        StoreAssert.Same(new[] { oldest, middle, newest }, rules);
        StoreAssert.Same(new[] { foreign }, await Store.Rules.ListByAgentAsync(other.Id).WithTimeout());
        StoreAssert.Same(
            new[] { oldest, middle, newest, foreign }.OrderBy(r => r.Id, StringComparer.Ordinal),
            (await Store.Rules.ListAsync().WithTimeout()).OrderBy(r => r.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task PutRule_ExistingId_ReplacesWholeRecord()
    {
        var agent = Data.Agent();
        var rule = Data.Rule(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutRule(rule);
        });
        var replacement = rule with { Pattern = "Bash(*)", Effect = RuleEffect.Allow, CreatedBy = "usr_bob" };

        await CommitOkAsync(s => s.PutRule(replacement));

        StoreAssert.Same(new[] { replacement }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        StoreAssert.Same(new[] { replacement }, await Store.Rules.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task DeleteRule_ExistingRule_GoneAndOthersKept()
    {
        var agent = Data.Agent();
        var kept = Data.Rule(agent.Id);
        var deleted = Data.Rule(agent.Id, RuleEffect.Allow);
        var keptToo = Data.Rule(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutRule(kept);
            s.PutRule(deleted);
            s.PutRule(keptToo);
        });

        await CommitOkAsync(s => s.DeleteRule(deleted.Id));

        StoreAssert.Same(new[] { kept, keptToo }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        Assert.DoesNotContain(await Store.Rules.ListAsync().WithTimeout(), r => r.Id == deleted.Id);
    }

    [Fact]
    public async Task DeleteRule_SeveralInOneSet_AllGone()
    {
        var agent = Data.Agent();
        var rules = new[] { Data.Rule(agent.Id), Data.Rule(agent.Id), Data.Rule(agent.Id) };
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            foreach (var rule in rules)
            {
                s.PutRule(rule);
            }
        });

        await CommitOkAsync(s =>
        {
            s.DeleteRule(rules[0].Id);
            s.DeleteRule(rules[2].Id);
        });

        StoreAssert.Same(new[] { rules[1] }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
        StoreAssert.Same(new[] { rules[1] }, await Store.Rules.ListAsync().WithTimeout());
    }

    [Fact]
    public async Task DeleteRule_ThenPutAgainLater_RuleIsBack()
    {
        var agent = Data.Agent();
        var rule = Data.Rule(agent.Id);
        await CommitOkAsync(s =>
        {
            s.PutAgent(agent);
            s.PutRule(rule);
        });
        await CommitOkAsync(s => s.DeleteRule(rule.Id));

        await CommitOkAsync(s => s.PutRule(rule));

        StoreAssert.Same(new[] { rule }, await Store.Rules.ListByAgentAsync(agent.Id).WithTimeout());
    }
}
