// "New agent": create it, then show its id, secret and webhook signing secret once, with a ready-to-paste curl.

import { nod } from '../api.js';
import { copyBlock, copyField } from '../clipboard.js';
import { h, replaceChildren, uid } from '../dom.js';
import { agentHref } from '../router.js';
import { upsertAgent } from '../state.js';

function field(label, input, hint) {
  const id = input.id || uid('field');
  input.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

/** Shell-quotes a value for the curl examples. */
export const shellQuote = (value) => `'${String(value).replaceAll("'", "'\\''")}'`;

/** The curl command an agent would run first: a message (interactive) or a request (approval-only). */
export function curlExample(agentId, secret, type) {
  const event = type === 'approval_only'
    ? { type: 'decision', kind: 'approval', title: 'Deploy v2.4.1?', description: 'All tests passed.' }
    : { type: 'message', text: 'Hello from curl' };
  return [
    `curl -s ${shellQuote(`${window.location.origin}/api/agent/events`)} \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -H ${shellQuote(`X-Nod-Agent-Id: ${agentId}`)} \\`,
    `  -H ${shellQuote(`X-Nod-Secret: ${secret}`)} \\`,
    `  -d ${shellQuote(JSON.stringify(event))}`,
  ].join('\n');
}

/** The credentials panel, also used after rotating a secret. */
export function credentialsPanel({ agentId, secret, webhookSecret, type }) {
  return h('section', { class: 'card credentials', 'aria-labelledby': 'credentials-title' },
    h('h2', { id: 'credentials-title' }, 'Credentials'),
    h('p', { class: 'warning', role: 'note' },
      h('strong', {}, 'Shown only once. '), 'Copy the secret now: Nod keeps only its hash. Rotate it in Settings if it is lost.'),
    agentId ? copyField('Agent id', agentId) : null,
    secret ? copyField('Secret', secret, { secret: true }) : null,
    webhookSecret ? copyField('Webhook signing secret', webhookSecret, { secret: true }) : null,
    agentId && secret ? copyBlock('Try it with curl', curlExample(agentId, secret, type)) : null,
    agentId && secret
      ? h('p', { class: 'hint' }, 'A WebSocket agent connects to ',
        h('code', {}, `${window.location.origin.replace(/^http/, 'ws')}/ws/agent/${agentId}`),
        ' and sends ', h('code', {}, '{"type":"auth","secret":"…"}'), ' first.')
      : null);
}

export function renderNewAgent() {
  const name = h('input', { name: 'name', required: true, maxlength: '300', autocomplete: 'off' });
  const description = h('input', { name: 'description', autocomplete: 'off' });
  const webhook = h('input', { name: 'webhook_url', type: 'url', placeholder: 'https://example.com/nod-webhook', autocomplete: 'off' });
  const typeGroupId = uid('type');
  const interactive = h('input', { type: 'radio', name: 'type', value: 'interactive', id: `${typeGroupId}-i`, checked: true });
  const approvalOnly = h('input', { type: 'radio', name: 'type', value: 'approval_only', id: `${typeGroupId}-a` });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create agent');

  const form = h('form', { class: 'card stack', 'aria-labelledby': 'new-agent-title' },
    field('Name', name),
    field('Description (optional)', description),
    h('fieldset', { class: 'field' },
      h('legend', {}, 'Type'),
      h('label', { class: 'choice-row', for: interactive.id }, interactive, h('span', {}, h('strong', {}, 'Interactive'), ' — chat, requests, activity and tasks')),
      h('label', { class: 'choice-row', for: approvalOnly.id }, approvalOnly, h('span', {}, h('strong', {}, 'Approval only'), ' — requests and activity, no chat'))),
    field('Webhook URL (optional)', webhook, 'Nod POSTs events here while the agent has no open WebSocket.'),
    error,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button secondary', href: '#/' }, 'Cancel')));

  const root = h('div', { class: 'page narrow' }, h('h1', { id: 'new-agent-title' }, 'New agent'), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const created = await nod.createAgent({
        name: name.value.trim(),
        description: description.value.trim() || null,
        type: approvalOnly.checked ? 'approval_only' : 'interactive',
        webhook_url: webhook.value.trim() || null,
      });
      upsertAgent(created.agent);
      replaceChildren(root,
        h('h1', { id: 'new-agent-title', tabindex: '-1' }, `${created.agent.name} is ready`),
        credentialsPanel({ agentId: created.agent_id, secret: created.secret, webhookSecret: created.webhook_secret, type: created.agent.type }),
        h('div', { class: 'actions' },
          h('a', { class: 'button primary', href: agentHref(created.agent_id) }, created.agent.type === 'approval_only' ? 'Open requests' : 'Open chat'),
          h('a', { class: 'button secondary', href: agentHref(created.agent_id, 'settings') }, 'Settings')));
      root.querySelector('h1').focus();
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      submit.disabled = false;
    }
  });

  return { title: 'New agent', el: root, focus: name };
}
