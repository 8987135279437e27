// The requests inbox: every pending request (live), or the answered ones page by page. For all agents, or one.

import { nod } from '../api.js';
import { h, replaceChildren, toast } from '../dom.js';
import { on, state } from '../state.js';
import { decisionCard } from './decision-card.js';

export function renderRequests({ agentId = null } = {}) {
  const disposers = [];
  let showing = 'pending';
  let nextBefore = null;
  let answeredLive = [];

  const pendingTab = h('button', { type: 'button', class: 'segment', 'aria-pressed': 'true' }, 'Pending');
  const historyTab = h('button', { type: 'button', class: 'segment', 'aria-pressed': 'false' }, 'Answered');
  const list = h('div', { class: 'decision-list' });
  const empty = h('p', { class: 'empty' });
  const more = h('button', { type: 'button', class: 'button secondary', hidden: true }, 'Load more');
  const root = h('section', { class: 'requests', 'aria-label': 'Requests' },
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' }, pendingTab, historyTab),
    list, empty, more);

  const matches = (decision) => !agentId || decision.agent_id === agentId;
  const cardOf = (decision) => decisionCard(decision, { showAgent: !agentId });

  function renderPending() {
    const pending = [...state.pending.values()].filter(matches).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    // Keep cards already shown (and whatever was typed into them); resolved ones stay until the list is reopened.
    const shown = new Map([...list.querySelectorAll('[data-decision-id]')].map((card) => [card.dataset.decisionId, card]));
    for (const decision of pending) if (!shown.has(decision.id)) list.prepend(cardOf(decision));
    empty.hidden = list.childElementCount > 0;
    empty.textContent = 'No pending requests. When an agent asks for an approval, a choice, an answer or a permission, it shows up here.';
  }

  async function loadHistory(append) {
    try {
      const page = await nod.decisions({ status: 'resolved', agent_id: agentId, before: append ? nextBefore : null, limit: 20 });
      if (!append) replaceChildren(list);
      page.decisions.forEach((decision) => { if (!cardIn(decision.id)) list.append(cardOf(decision)); });
      nextBefore = page.next_before;
      // Answered while this page was on its way: the page may have been read before it.
      if (!append) answeredLive.forEach(addAnswered);
      more.hidden = nextBefore === null;
      empty.hidden = list.childElementCount > 0;
      empty.textContent = 'No answered requests yet.';
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }

  const cardIn = (id) => list.querySelector(`[data-decision-id="${CSS.escape(id)}"]`);

  /** A request answered while the history is shown: in its place (newest created first), unless on a page not loaded yet. */
  function addAnswered(decision) {
    if (cardIn(decision.id)) return;
    const created = Date.parse(decision.created_at);
    const next = [...list.children].find((card) => Date.parse(card.dataset.createdAt) < created);
    if (next) list.insertBefore(cardOf(decision), next);
    else if (nextBefore === null) list.append(cardOf(decision));
    else return;
    empty.hidden = true;
  }

  function show(which) {
    showing = which;
    answeredLive = [];
    pendingTab.setAttribute('aria-pressed', String(which === 'pending'));
    historyTab.setAttribute('aria-pressed', String(which === 'history'));
    replaceChildren(list);
    more.hidden = true;
    if (which === 'pending') renderPending();
    else loadHistory(false);
  }

  pendingTab.addEventListener('click', () => show('pending'));
  historyTab.addEventListener('click', () => show('history'));
  more.addEventListener('click', () => loadHistory(true));
  disposers.push(
    on('pending', () => { if (showing === 'pending') renderPending(); }),
    // Answered elsewhere (another tab, a rule, the agent cancelling it, expiry): the history shows it at once.
    on('decision', (decision) => {
      if (showing !== 'history' || decision.status === 'pending' || !matches(decision)) return;
      answeredLive.push(decision);
      addAnswered(decision);
    }),
    on('resync', () => show(showing)),
    // A deleted or unshared agent's requests cannot be answered any more (404): they leave the list.
    on('agent-removed', (removedId) => {
      for (const card of list.querySelectorAll(`[data-agent-id="${CSS.escape(removedId)}"]`)) card.remove();
      empty.hidden = list.childElementCount > 0;
    }),
  );
  show('pending');

  return { el: root, dispose: () => disposers.forEach((dispose) => dispose()) };
}

export function renderRequestsPage() {
  const view = renderRequests();
  return { title: 'Requests', el: h('div', { class: 'page' }, h('h1', {}, 'Requests'), view.el), dispose: view.dispose };
}
