// Agent settings: details and webhook URL, credentials (rotate secrets), sharing, always-allow rules (revoke, add),
// webhook deliveries (redeliver), delete.

import { nod } from '../api.js';
import { copyField } from '../clipboard.js';
import { h, replaceChildren, toast, uid } from '../dom.js';
import { STATUS_LABELS, timeElement } from '../format.js';
import { navigate } from '../router.js';
import { on, removeAgent, state, upsertAgent } from '../state.js';
import { credentialsPanel } from './new-agent.js';

const DELIVERIES_REFRESH_MS = 3000;

function section(title, ...children) {
  const id = uid('section');
  return h('section', { class: 'card settings-section', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function field(label, input, hint) {
  input.id = input.id || uid('field');
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
}

function detailsSection(agent) {
  const name = h('input', { value: agent.name, required: true, maxlength: '300', autocomplete: 'off' });
  const description = h('input', { value: agent.description ?? '', autocomplete: 'off' });
  const webhook = h('input', { type: 'url', value: agent.webhook_url ?? '', placeholder: 'https://example.com/nod-webhook', autocomplete: 'off' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'button primary' }, 'Save');
  const form = h('form', { class: 'stack' },
    field('Name', name),
    field('Description', description),
    field('Webhook URL', webhook, 'Nod POSTs user messages, answers and due tasks here while the agent has no open WebSocket. Leave empty for none.'),
    error, h('div', { class: 'actions' }, save));
  // A change saved elsewhere (another tab, another user) shows here, except in a field being edited.
  const shown = { name: agent.name, description: agent.description ?? '', webhook: agent.webhook_url ?? '' };
  const follow = (input, key, value) => {
    if (input.value === shown[key]) input.value = value;
    shown[key] = value;
  };
  const off = on('agent', (changed) => {
    if (changed?.id !== agent.id) return;
    follow(name, 'name', changed.name);
    follow(description, 'description', changed.description ?? '');
    follow(webhook, 'webhook', changed.webhook_url ?? '');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    save.disabled = true;
    try {
      const body = { name: name.value.trim(), description: description.value.trim() };
      // Setting the webhook URL is the owner's: a user the agent is shared with can still rename it.
      const webhookUrl = webhook.value.trim();
      if (webhookUrl !== (state.agents.get(agent.id)?.webhook_url ?? agent.webhook_url ?? '')) body.webhook_url = webhookUrl;
      const updated = await nod.updateAgent(agent.id, body);
      upsertAgent(updated);
      toast('Saved');
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  return { el: section('Details', form), dispose: off };
}

function credentialsSection(agent, isOwner) {
  const shown = h('div', { class: 'rotated', 'aria-live': 'polite' });
  const rotate = h('button', { type: 'button', class: 'button secondary' }, 'Rotate secret');
  const rotateWebhook = h('button', { type: 'button', class: 'button secondary' }, 'Rotate webhook signing secret');
  rotate.addEventListener('click', async () => {
    if (!window.confirm('Rotate the secret? The current secret stops working at once and the agent is disconnected.')) return;
    try {
      const { secret } = await nod.rotateSecret(agent.id);
      replaceChildren(shown, credentialsPanel({ agentId: agent.id, secret, type: agent.type }));
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  rotateWebhook.addEventListener('click', async () => {
    if (!window.confirm('Rotate the webhook signing secret? Deliveries are signed with the new one from now on.')) return;
    try {
      const { webhook_secret: webhookSecret } = await nod.rotateWebhookSecret(agent.id);
      replaceChildren(shown, credentialsPanel({ webhookSecret }));
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  return section('Credentials',
    copyField('Agent id', agent.id),
    h('p', { class: 'hint' }, 'The secret and the webhook signing secret were shown once, when the agent was created. Rotating makes new ones.'),
    isOwner ? h('div', { class: 'actions' }, rotate, rotateWebhook) : h('p', { class: 'hint' }, 'Only the owner can rotate secrets.'),
    shown);
}

function sharingSection(agent, isOwner) {
  const list = h('ul', { class: 'plain-list' });
  const render = (current) => replaceChildren(list,
    current.shared_with.length === 0 ? h('li', { class: 'empty' }, 'Not shared with anyone.') : null,
    current.shared_with.map((userId) => {
      const remove = h('button', { type: 'button', class: 'button link small', 'aria-label': `Stop sharing with ${userId}` }, 'Remove');
      remove.addEventListener('click', async () => {
        try {
          await nod.unshare(agent.id, userId);
          upsertAgent(await nod.agent(agent.id));
        } catch (failure) {
          toast(failure.message, 'error');
        }
      });
      return h('li', {}, h('code', {}, userId), isOwner ? remove : null);
    }));
  render(agent);
  const userId = h('input', { placeholder: 'user id, e.g. bob', autocomplete: 'off', required: true });
  const form = h('form', { class: 'inline-form' }, field('Share with user', userId), h('button', { type: 'submit', class: 'button secondary' }, 'Share'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await nod.share(agent.id, userId.value.trim());
      userId.value = '';
      upsertAgent(await nod.agent(agent.id));
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  const off = on('agent', (updated) => { if (updated.id === agent.id) render(updated); });
  return { el: section('Sharing', list, isOwner ? form : h('p', { class: 'hint' }, 'Only the owner can share.')), dispose: off };
}

function rulesSection(agent) {
  const list = h('ul', { class: 'rule-list', 'aria-label': 'Always-allow rules' });
  async function load() {
    try {
      const { rules } = await nod.rules(agent.id);
      replaceChildren(list,
        rules.length === 0 ? h('li', { class: 'empty' }, 'No rules. Answer a permission request with “Always allow” to add one.') : null,
        rules.map((rule) => {
          const revoke = h('button', { type: 'button', class: 'button link danger small', 'aria-label': `Revoke ${rule.pattern}` }, 'Revoke');
          revoke.addEventListener('click', async () => {
            const index = [...list.querySelectorAll('.rule button')].indexOf(revoke);
            try {
              await nod.revokeRule(agent.id, rule.id);
              await load();
              // The list was redrawn: the focus goes to the rule now in that place, else to the pattern field.
              const buttons = list.querySelectorAll('.rule button');
              (buttons[Math.min(index, buttons.length - 1)] ?? pattern).focus();
            } catch (failure) {
              toast(failure.message, 'error');
            }
          });
          return h('li', { class: 'rule', dataset: { ruleId: rule.id, pattern: rule.pattern } },
            h('span', { class: `kind-chip effect-${rule.effect}` }, rule.effect === 'deny' ? 'Deny' : 'Allow'),
            h('code', { class: 'rule-pattern' }, rule.pattern),
            h('span', { class: 'hint' }, 'added ', timeElement(rule.created_at)),
            revoke);
        }));
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }
  const pattern = h('input', { placeholder: 'Bash(npm test*)', autocomplete: 'off', required: true });
  const effect = h('select', {}, h('option', { value: 'allow' }, 'Allow'), h('option', { value: 'deny' }, 'Deny'));
  const form = h('form', { class: 'inline-form' },
    field('Pattern', pattern), field('Effect', effect), h('button', { type: 'submit', class: 'button secondary' }, 'Add rule'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await nod.addRule(agent.id, { pattern: pattern.value.trim(), effect: effect.value });
      pattern.value = '';
      await load();
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  load();
  // A permission answered with "Always allow" adds a rule.
  const off = on('decision', (decision) => { if (decision.agent_id === agent.id && decision.always_allow) load(); });
  return {
    el: section('Always-allow rules',
      h('p', { class: 'hint' }, 'A permission request whose subject matches an allow rule is approved at once, without asking; a deny rule always wins. ',
        h('code', {}, '*'), ' matches any characters.'),
      list, form),
    dispose: off,
  };
}

function deliveriesSection(agent) {
  const list = h('ol', { class: 'delivery-list', 'aria-label': 'Webhook deliveries, newest first' });
  const filter = h('select', {},
    h('option', { value: '' }, 'All'), h('option', { value: 'pending' }, 'Pending'),
    h('option', { value: 'delivered' }, 'Delivered'), h('option', { value: 'failed' }, 'Failed'));
  const refresh = h('button', { type: 'button', class: 'button secondary small' }, 'Refresh');
  let shown = null;
  async function load() {
    try {
      const { deliveries } = await nod.deliveries(agent.id, filter.value || null);
      // Deliveries change without a live event (attempts, retries): redraw only what changed, keeping focus.
      const json = JSON.stringify(deliveries);
      if (json === shown) return;
      shown = json;
      replaceChildren(list,
        deliveries.length === 0
          ? h('li', { class: 'empty' }, agent.webhook_url ? 'No deliveries yet.' : 'No deliveries: the agent has no webhook URL.')
          : null,
        deliveries.map((delivery) => {
          const redeliver = h('button', { type: 'button', class: 'button secondary small' }, 'Redeliver');
          redeliver.addEventListener('click', async () => {
            redeliver.disabled = true;
            try {
              await nod.redeliver(agent.id, delivery.event_id);
              toast('Redelivery started');
              shown = null;
              await load();
            } catch (failure) {
              toast(failure.message, 'error');
              redeliver.disabled = false;
            }
          });
          return h('li', { class: `delivery status-${delivery.status}`, dataset: { eventId: delivery.event_id, status: delivery.status } },
            h('p', { class: 'delivery-head' },
              h('span', { class: `status-chip status-${delivery.status}` }, STATUS_LABELS[delivery.status] ?? delivery.status), ' ',
              h('strong', {}, delivery.type), ' ', h('code', {}, delivery.event_id)),
            h('p', { class: 'hint' },
              `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`,
              delivery.last_status_code ? ` · last answer HTTP ${delivery.last_status_code}` : '',
              delivery.last_error ? ` · ${delivery.last_error}` : '',
              ' · created ', timeElement(delivery.created_at),
              delivery.delivered_at ? [' · delivered ', timeElement(delivery.delivered_at)] : null,
              delivery.next_attempt_at && delivery.status === 'pending' ? [' · next attempt ', timeElement(delivery.next_attempt_at)] : null),
            redeliver);
        }));
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }
  filter.addEventListener('change', load);
  refresh.addEventListener('click', load);
  load();
  const timer = setInterval(() => { if (document.visibilityState === 'visible') load(); }, DELIVERIES_REFRESH_MS);
  return {
    el: section('Webhook deliveries',
      h('p', { class: 'hint' }, 'Attempts to POST events to the webhook URL. The list refreshes by itself.'),
      h('div', { class: 'inline-form' }, field('Status', filter), refresh),
      list),
    dispose: () => clearInterval(timer),
  };
}

function deleteSection(agent) {
  const remove = h('button', { type: 'button', class: 'button danger wrap' }, `Delete ${agent.name}`);
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Delete ${agent.name}? Its conversations, requests, tasks and rules are deleted too.`)) return;
    try {
      await nod.deleteAgent(agent.id);
      removeAgent(agent.id);
      navigate('#/');
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  return section('Delete', h('p', { class: 'hint' }, 'Deleting cannot be undone.'), remove);
}

export function renderSettings(agent) {
  const isOwner = agent.owner_id === state.me?.user_id;
  const sharing = sharingSection(agent, isOwner);
  const rules = rulesSection(agent);
  const deliveries = deliveriesSection(agent);
  const details = detailsSection(agent);
  const el = h('div', { class: 'settings' },
    details.el,
    credentialsSection(agent, isOwner),
    rules.el,
    deliveries.el,
    sharing.el,
    isOwner ? deleteSection(agent) : null);
  return { el, dispose: () => { details.dispose(); sharing.dispose(); rules.dispose(); deliveries.dispose(); } };
}
