// The web app: signs the user in (or sends them to the sign-in page), loads their agents, opens the live stream and
// renders the screen of the current route. One concern per module: api (HTTP), live (/ws/app), state, router, views.

import { nod } from './api.js';
import { h, replaceChildren, toast } from './dom.js';
import { reconnectNow, startLive } from './live.js';
import { startRouter } from './router.js';
import { on, pendingCount, setAgents, state } from './state.js';
import { renderActivityPage } from './views/activity.js';
import { agentList, renderAgents } from './views/agent-list.js';
import { renderAgent } from './views/agent.js';
import { renderNewAgent } from './views/new-agent.js';
import { renderRequestsPage } from './views/requests.js';

const main = document.getElementById('main');
const desktop = window.matchMedia('(min-width: 900px)');
let currentView = null;
let sidebarList = null;
let firstRender = true;

function notFound() {
  return { title: 'Not found', el: h('div', { class: 'page' }, h('h1', {}, 'Not found'), h('a', { href: '#/' }, 'All agents')) };
}

function renderRoute(route) {
  currentView?.dispose?.();
  const view = {
    agents: renderAgents,
    'new-agent': renderNewAgent,
    requests: renderRequestsPage,
    activity: renderActivityPage,
    agent: renderAgent,
  }[route.name]?.(route) ?? notFound();
  currentView = view;
  replaceChildren(main, view.el);
  document.title = `${view.title} — Nod`;
  document.body.dataset.route = route.name;
  sidebarList?.setCurrent(route.agentId ?? null);
  for (const link of document.querySelectorAll('[data-nav]')) {
    const active = link.dataset.nav === route.name || (link.dataset.nav === 'agents' && route.name === 'agent');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!firstRender) {
    // Keyboard and screen-reader users land on the new screen; on a phone, no keyboard pops up uninvited.
    const target = desktop.matches && view.focus ? view.focus : main;
    target.focus({ preventScroll: true });
  }
  firstRender = false;
}

function renderConnection({ status }) {
  const indicator = document.getElementById('connection');
  const labels = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };
  indicator.dataset.status = status;
  const retry = h('button', { type: 'button', class: 'button link small' }, 'Retry now');
  retry.addEventListener('click', () => reconnectNow());
  replaceChildren(indicator,
    h('span', { class: 'connection-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'connection-label' }, labels[status] ?? status),
    status === 'reconnecting' ? retry : null);
}

function renderBadges() {
  const count = pendingCount();
  for (const badge of document.querySelectorAll('[data-requests-badge]')) {
    badge.hidden = count === 0;
    badge.textContent = count === 0 ? '' : String(count);
    badge.setAttribute('aria-label', `${count} pending`);
  }
}

let reloadTimer = null;
function reloadAgentsSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(async () => {
    try {
      setAgents((await nod.agents()).agents);
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }, 200);
}

async function boot() {
  on('connection', renderConnection);
  renderConnection({ status: state.connection });
  try {
    state.me = await nod.me();
  } catch (failure) {
    if (failure.status !== 401) replaceChildren(main, h('div', { class: 'page' }, h('h1', {}, 'Nod is not reachable'), h('p', {}, failure.message)));
    return;
  }
  document.getElementById('user-name').textContent = state.me.name;
  setAgents((await nod.agents()).agents);

  sidebarList = agentList();
  document.getElementById('sidebar-agents').append(sidebarList.el);
  on('pending', renderBadges);
  on('agents', renderBadges);
  on('agents-stale', reloadAgentsSoon);
  on('resync', reloadAgentsSoon);
  renderBadges();

  startLive();
  startRouter(renderRoute);
}

boot().catch((failure) => {
  replaceChildren(main, h('div', { class: 'page' }, h('h1', {}, 'Something went wrong'), h('p', {}, failure.message),
    h('p', {}, h('a', { href: '/' }, 'Reload'))));
});
