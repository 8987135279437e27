namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>Agent events of PROTOCOL §3, valid and invalid, shared by the REST and WebSocket tests.</summary>
public static class EventSamples
{
    /// <summary>Name, JSON, the id field of the response (or null) and its prefix.</summary>
    public static TheoryData<string, string, string?, string?> Valid => new()
    {
        { "message", """{"type":"message","text":"Hello"}""", "message_id", "msg_" },
        { "message with report", """{"type":"message","text":"Done","report_title":"Report","report_description":"All good"}""", "message_id", "msg_" },
        { "message with image", """{"type":"message","image_base64":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}""", "message_id", "msg_" },
        { "decision approval", """{"type":"decision","title":"Deploy?","description":"All tests passed","kind":"approval"}""", "decision_id", "dec_" },
        { "decision choice", """{"type":"decision","title":"Region?","description":"Pick one","kind":"choice","options":["us","eu"]}""", "decision_id", "dec_" },
        { "decision question", """{"type":"decision","title":"Name?","description":"Ask","kind":"question","expires_in_s":60}""", "decision_id", "dec_" },
        { "decision permission", """{"type":"decision","title":"Allow: Bash(ls)","description":"Run ls","kind":"permission","allows_always":true,"always_allow_options":[{"pattern":"Bash(ls*)","label":"ls"}],"permission":"Bash(ls)"}""", "decision_id", "dec_" },
        { "alert", """{"type":"alert","title":"Ran tests","text":"128 passed"}""", "activity_id", "act_" },
        { "processing_start", """{"type":"processing_start","status_text":"Thinking"}""", null, null },
        { "processing_stop", """{"type":"processing_stop"}""", null, null },
        { "agent_heartbeat", """{"type":"agent_heartbeat","status_text":"Still working"}""", null, null },
        { "agent_idle", """{"type":"agent_idle"}""", null, null },
        { "status", """{"type":"status","action":"started","details":"v1.2"}""", "activity_id", "act_" },
        { "status with object details", """{"type":"status","action":"stopped","details":{"reason":"done"}}""", "activity_id", "act_" },
        { "task_proposal", """{"type":"task_proposal","title":"Daily report?","task_name":"Report","task_prompt":"Write it","task_schedule":"0 9 * * *"}""", "decision_id", "dec_" },
    };

    /// <summary>Name, JSON and a part of the expected detail (the field or the problem).</summary>
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "not an object", """[{"type":"message"}]""", "JSON object" },
        { "a string", "\"message\"", "JSON object" },
        { "a number", "42", "JSON object" },
        { "no type", """{"text":"x"}""", "type" },
        { "type not a string", """{"type":1}""", "type" },
        { "unknown type", """{"type":"teleport"}""", "teleport" },
        { "message without text", """{"type":"message"}""", "text" },
        { "text of the wrong type", """{"type":"message","text":5}""", "text" },
        { "decision without title", """{"type":"decision","description":"d","kind":"approval"}""", "title" },
        { "decision with a bad kind", """{"type":"decision","title":"t","description":"d","kind":"maybe"}""", "kind" },
        { "choice without options", """{"type":"decision","title":"t","description":"d","kind":"choice"}""", "options" },
        { "permission with an empty subject", """{"type":"decision","title":"Allow: Bash(ls)","description":"d","kind":"permission","permission":""}""", "permission must not be empty" },
        { "permission with a blank subject", """{"type":"decision","title":"Allow: Bash(ls)","description":"d","kind":"permission","permission":"   "}""", "permission must not be empty" },
        { "permission titled only 'Allow: '", """{"type":"decision","title":"Allow: ","description":"d","kind":"permission"}""", "title must not be empty after 'Allow: '" },
        { "permission titled 'Allow: ' and blanks", """{"type":"decision","title":"Allow:   ","description":"d","kind":"permission"}""", "title must not be empty after 'Allow: '" },
        { "alert without title", """{"type":"alert"}""", "title" },
        { "status without action", """{"type":"status"}""", "action" },
        { "task_proposal without schedule", """{"type":"task_proposal","title":"t","task_name":"n","task_prompt":"p"}""", "task_schedule" },
        { "trailing garbage", """{"type":"alert","title":"x"} x""", "JSON" },
        { "invalid JSON", """{"type":"alert",""", "JSON" },
        { "title too long", $$"""{"type":"alert","title":"{{new string('t', 301)}}"}""", "title" },
    };
}
