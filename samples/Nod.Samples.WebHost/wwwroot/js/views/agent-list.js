// The agent list: online dot, "Thinking…", pending requests. Used as the home screen and as the desktop sidebar.

import { h, replaceChildren } from '../dom.js';
import { initial, timeAgo } from '../format.js';
import { agentHref } from '../router.js';
import { isThinking, on, pendingCount, state } from '../state.js';

function presence(agent) {
  if (agent.online) return 'online';
  return agent.last_seen_at ? `offline · seen ${timeAgo(agent.last_seen_at)}` : 'offline';
}

function agentItem(agent, currentId, detailed) {
  const pending = pendingCount(agent.id);
  const thinking = isThinking(agent.id);
  return h('li', {},
    h('a', {
      class: `agent-item${agent.id === currentId ? ' current' : ''}`,
      href: agentHref(agent.id),
      'aria-current': agent.id === currentId ? 'page' : null,
      dataset: { agentId: agent.id },
    },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(agent.name),
      h('span', { class: `presence-dot ${agent.online ? 'online' : 'offline'}`, dataset: { presence: agent.online ? 'online' : 'offline' } })),
    h('span', { class: 'agent-item-main' },
      h('span', { class: 'agent-item-name' }, agent.name),
      h('span', { class: 'agent-item-sub' },
        thinking ? h('span', { class: 'thinking-label' }, 'Thinking…') : presence(agent),
        agent.type === 'approval_only' ? ' · approvals only' : ''),
      detailed && agent.description ? h('span', { class: 'agent-item-description' }, agent.description) : null),
    pending > 0
      ? h('span', { class: 'badge', 'aria-label': `${pending} pending request${pending === 1 ? '' : 's'}`, dataset: { pending: String(pending) } }, String(pending))
      : null));
}

/** A live list of the user's agents; `currentId` is highlighted. */
export function agentList({ currentId = null, heading = true, detailed = false } = {}) {
  const list = h('ul', { class: 'agent-list', 'aria-label': 'Agents' });
  const empty = h('p', { class: 'empty' }, 'No agents yet. Create one and connect your agent with its credentials.');
  const root = h('section', { class: 'agent-list-section' },
    heading
      ? h('div', { class: 'section-head' },
        h('h2', {}, 'Agents'),
        h('a', { class: 'button primary small', href: '#/new' }, '+ New agent'))
      : null,
    list, empty);

  const render = () => {
    const agents = [...state.agents.values()];
    // Redrawn on live changes: a keyboard user keeps the focus on the agent they were on.
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.agentId : null;
    replaceChildren(list, agents.map((agent) => agentItem(agent, currentId, detailed)));
    empty.hidden = agents.length > 0;
    if (focused) list.querySelector(`[data-agent-id="${CSS.escape(focused)}"]`)?.focus();
  };
  render();
  const off = on('agents', render);
  const timer = setInterval(render, 60000);   // "seen 5 minutes ago" stays true
  return {
    el: root,
    setCurrent(id) {
      currentId = id;
      render();
    },
    dispose() {
      off();
      clearInterval(timer);
    },
  };
}

/** The home screen. */
export function renderAgents() {
  const list = agentList({ detailed: true });
  return {
    title: 'Agents',
    el: h('div', { class: 'page' }, list.el),
    dispose: list.dispose,
  };
}
