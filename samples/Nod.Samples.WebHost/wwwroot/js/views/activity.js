// The activity feed: what agents did (alerts, requests, messages, status), newest first, live.

import { nod } from '../api.js';
import { h, toast } from '../dom.js';
import { timeElement } from '../format.js';
import { icon } from '../icons.js';
import { agentHref } from '../router.js';
import { agentName, on } from '../state.js';

const ICONS = { decision_created: 'question', decision_resolved: 'check', agent_message: 'message', agent_action: 'bolt', system: 'gear' };
const TYPE_LABELS = {
  decision_created: 'Request',
  decision_resolved: 'Answered',
  agent_message: 'Message',
  agent_action: 'Action',
  system: 'System',
};

function entry(activity, showAgent) {
  return h('li', { class: `activity-entry type-${activity.type}`, dataset: { activityId: activity.id } },
    h('span', { class: 'activity-icon', 'aria-hidden': 'true' }, icon(ICONS[activity.type] ?? 'bolt')),
    h('div', { class: 'activity-body' },
      h('p', { class: 'activity-title' },
        h('span', { class: 'sr-only' }, `${TYPE_LABELS[activity.type] ?? activity.type}: `),
        h('strong', {}, activity.title)),
      activity.text ? h('p', { class: 'activity-text' }, activity.text) : null,
      h('p', { class: 'activity-meta' },
        showAgent ? [h('a', { href: agentHref(activity.agent_id) }, agentName(activity.agent_id)), ' · '] : null,
        timeElement(activity.created_at),
        activity.task_run_id ? [' · run ', h('code', {}, activity.task_run_id)] : null)));
}

export function renderActivity({ agentId = null } = {}) {
  let nextBefore = null;
  const list = h('ol', { class: 'activity-list', 'aria-label': 'Activity, newest first' });
  const empty = h('p', { class: 'empty', hidden: true }, 'Nothing yet: alerts, requests and messages of your agents are listed here.');
  const more = h('button', { type: 'button', class: 'button secondary', hidden: true }, 'Load more');
  const root = h('section', { class: 'activity', 'aria-label': 'Activity' }, list, empty, more);
  const showAgent = !agentId;

  async function load(append) {
    try {
      const page = await nod.activity({ agent_id: agentId, before: append ? nextBefore : null });
      if (!append) list.replaceChildren();
      for (const activity of page.activity) {
        if (!list.querySelector(`[data-activity-id="${CSS.escape(activity.id)}"]`)) list.append(entry(activity, showAgent));
      }
      nextBefore = page.next_before;
      more.hidden = nextBefore === null;
      empty.hidden = list.childElementCount > 0;
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }

  more.addEventListener('click', () => load(true));
  const disposers = [
    on('activity', (activity) => {
      if (agentId && activity.agent_id !== agentId) return;
      if (list.querySelector(`[data-activity-id="${CSS.escape(activity.id)}"]`)) return;
      list.prepend(entry(activity, showAgent));
      empty.hidden = true;
    }),
    on('resync', () => load(false)),
  ];
  load(false);
  return { el: root, dispose: () => disposers.forEach((dispose) => dispose()) };
}

export function renderActivityPage() {
  const view = renderActivity();
  return { title: 'Activity', el: h('div', { class: 'page' }, h('h1', {}, 'Activity'), view.el), dispose: view.dispose };
}
