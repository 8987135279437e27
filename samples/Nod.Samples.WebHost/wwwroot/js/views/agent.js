// An agent's page: its header (online, "Thinking…") and tabs — chat, requests, activity, tasks, settings.
// Approval-only agents have no chat and no tasks.

import { nod } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { initial, timeAgo } from '../format.js';
import { agentHref, navigate } from '../router.js';
import { isThinking, on, pendingCount, state, upsertAgent } from '../state.js';
import { renderActivity } from './activity.js';
import { renderChat } from './chat.js';
import { renderRequests } from './requests.js';
import { renderSettings } from './settings.js';
import { renderTasks } from './tasks.js';

function tabsFor(agent) {
  return agent.type === 'approval_only'
    ? [['requests', 'Requests'], ['activity', 'Activity'], ['settings', 'Settings']]
    : [['chat', 'Chat'], ['requests', 'Requests'], ['activity', 'Activity'], ['tasks', 'Tasks'], ['settings', 'Settings']];
}

function header(agent) {
  const status = h('span', { class: 'agent-status' });
  const render = () => {
    const current = state.agents.get(agent.id) ?? agent;
    const thinking = isThinking(agent.id);
    replaceChildren(status,
      h('span', { class: `presence-dot inline ${current.online ? 'online' : 'offline'}`, 'aria-hidden': 'true' }),
      current.online ? 'Online' : `Offline${current.last_seen_at ? ` · seen ${timeAgo(current.last_seen_at)}` : ''}`,
      thinking ? h('span', { class: 'thinking-label' }, ' · Thinking…') : null);
    status.dataset.online = String(Boolean(current.online));
    return current;
  };
  render();
  const title = h('h1', { class: 'agent-title', tabindex: '-1' }, agent.name);
  const el = h('header', { class: 'agent-header' },
    h('a', { class: 'back-link', href: '#/', 'aria-label': 'All agents' }, '‹'),
    h('span', { class: 'avatar large', 'aria-hidden': 'true' }, initial(agent.name)),
    h('div', { class: 'agent-header-main' }, title, status));
  const offs = [
    on('agents', () => {
      const current = render();
      title.textContent = current.name;
      document.title = `${current.name} — Nod`;
    }),
  ];
  const timer = setInterval(render, 60000);   // "seen 5 minutes ago" stays true, as in the agent list
  return { el, dispose: () => { offs.forEach((off) => off()); clearInterval(timer); } };
}

function tabBar(agent, active) {
  const count = h('span', { class: 'badge', hidden: true });
  const renderCount = () => {
    const n = pendingCount(agent.id);
    count.hidden = n === 0;
    count.textContent = n === 0 ? '' : String(n);
    count.setAttribute('aria-label', `${n} pending`);
  };
  renderCount();
  const nav = h('nav', { class: 'tabs', 'aria-label': `${agent.name} sections` },
    tabsFor(agent).map(([tab, label]) => h('a', {
      class: `tab${tab === active ? ' active' : ''}`,
      href: agentHref(agent.id, tab),
      'aria-current': tab === active ? 'page' : null,
    }, label, tab === 'requests' ? count : null)));
  return { el: nav, dispose: on('pending', renderCount) };
}

function renderTab(agent, tab) {
  switch (tab) {
    case 'chat': return renderChat(agent);
    case 'requests': return renderRequests({ agentId: agent.id });
    case 'activity': return renderActivity({ agentId: agent.id });
    case 'tasks': return renderTasks(agent);
    case 'settings': return renderSettings(agent);
    default: return { el: h('p', {}, 'Unknown section.') };
  }
}

export function renderAgent(route) {
  const root = h('div', { class: 'page agent-page' });
  const disposers = [];
  let focusTarget = null;

  const show = (agent) => {
    const tabs = tabsFor(agent).map(([tab]) => tab);
    const tab = tabs.includes(route.tab) ? route.tab : tabs[0];
    const head = header(agent);
    const bar = tabBar(agent, tab);
    const content = renderTab(agent, tab);
    disposers.push(head.dispose, bar.dispose, content.dispose);
    root.classList.toggle('chat-page', tab === 'chat');
    replaceChildren(root, head.el, bar.el, h('div', { class: 'tab-content' }, content.el));
    focusTarget = content.focus ?? null;
  };

  const known = state.agents.get(route.agentId);
  if (known) show(known);
  else {
    root.append(h('p', { class: 'empty' }, 'Loading…'));
    nod.agent(route.agentId).then((agent) => {
      upsertAgent(agent);
      show(agent);
    }).catch(() => replaceChildren(root, h('h1', {}, 'Agent not found'), h('p', {}, 'It was deleted, or it is not shared with you. '), h('a', { href: '#/' }, 'All agents')));
  }
  disposers.push(on('agent-removed', (agentId) => { if (agentId === route.agentId) navigate('#/'); }));

  return {
    title: known?.name ?? 'Agent',
    el: root,
    get focus() { return focusTarget; },
    dispose: () => disposers.forEach((dispose) => dispose?.()),
  };
}
