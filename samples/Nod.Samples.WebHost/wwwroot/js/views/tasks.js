// Tasks of an interactive agent: create (scheduled with cron, once at a time, or on an event with its trigger URL),
// enable/disable, run now, delete, and the runs with their status and result (live).

import { nod } from '../api.js';
import { copyBlock, copyField } from '../clipboard.js';
import { h, replaceChildren, toast, uid } from '../dom.js';
import { STATUS_LABELS, formatTime, timeElement } from '../format.js';
import { markdownBlock } from '../markdown.js';
import { on } from '../state.js';
import { shellQuote } from './new-agent.js';

const TRIGGER_LABELS = { scheduled: 'Scheduled', once: 'Once', event: 'On an event' };

const absoluteUrl = (url) => new URL(url, window.location.origin).href;

function runItem(run) {
  return h('li', { class: `run status-${run.status}`, dataset: { runId: run.id, status: run.status } },
    h('p', { class: 'run-head' },
      h('span', { class: `status-chip status-${run.status}` }, STATUS_LABELS[run.status] ?? run.status), ' ',
      'started ', timeElement(run.started_at),
      run.completed_at ? [' · ended ', timeElement(run.completed_at)] : null,
      run.trigger_event_id ? ' · by a trigger' : null),
    run.result ? markdownBlock(run.result, 'run-result') : null,
    run.error ? h('p', { class: 'form-error' }, run.error) : null);
}

function describeSchedule(task) {
  if (task.trigger_type === 'event') return 'When its trigger URL is called';
  if (task.trigger_type === 'once') return task.run_at ? `Once, at ${formatTime(task.run_at)}` : 'Once';
  return [h('code', {}, task.schedule), task.timezone ? ` (${task.timezone})` : ' (UTC)'];
}

function taskCard(task, { onDeleted }) {
  const titleId = uid('task');
  const enabledId = uid('enabled');
  const enabled = h('input', { type: 'checkbox', id: enabledId, checked: task.enabled });
  const runNow = h('button', { type: 'button', class: 'button primary small' }, 'Run now');
  const toggleRuns = h('button', { type: 'button', class: 'button secondary small', 'aria-expanded': 'false' }, 'Runs');
  const remove = h('button', { type: 'button', class: 'button link danger small' }, 'Delete');
  const runs = h('ol', { class: 'run-list', 'aria-label': `Runs of ${task.name}` });
  const runsPanel = h('div', { class: 'runs', hidden: true }, h('h4', {}, 'Runs'), runs, h('p', { class: 'empty', hidden: true }, 'No runs yet.'));
  const triggerUrl = task.trigger_url ? absoluteUrl(task.trigger_url) : null;

  const card = h('article', { class: 'card task', 'aria-labelledby': titleId, dataset: { taskId: task.id } },
    h('header', { class: 'task-head' },
      h('h3', { id: titleId }, task.name),
      h('span', { class: `kind-chip trigger-${task.trigger_type}` }, TRIGGER_LABELS[task.trigger_type] ?? task.trigger_type),
      h('label', { class: 'switch', for: enabledId }, enabled, ' Enabled')),
    h('p', { class: 'task-prompt' }, task.prompt),
    h('dl', { class: 'facts' },
      h('dt', {}, 'When'), h('dd', {}, describeSchedule(task)),
      task.next_run_at ? [h('dt', {}, 'Next run'), h('dd', {}, timeElement(task.next_run_at))] : null,
      h('dt', {}, 'Created by'), h('dd', {}, task.created_by === 'agent' ? 'the agent' : 'a person')),
    triggerUrl
      ? h('div', { class: 'trigger' },
        copyField('Trigger URL', triggerUrl),
        copyBlock('Trigger it with curl', [
          `curl -s -X POST ${shellQuote(triggerUrl)} \\`,
          "  -H 'Content-Type: application/json' -d '{\"order\":42}'",
        ].join('\n')))
      : null,
    h('div', { class: 'actions' }, runNow, toggleRuns, remove),
    runsPanel);

  let runsLoaded = false;
  async function loadRuns() {
    const { runs: list } = await nod.runs(task.id);
    replaceChildren(runs, list.map(runItem));
    runsPanel.querySelector('.empty').hidden = list.length > 0;
    runsLoaded = true;
  }
  async function openRuns() {
    runsPanel.hidden = false;
    toggleRuns.setAttribute('aria-expanded', 'true');
    await loadRuns();
  }

  enabled.addEventListener('change', async () => {
    try {
      await nod.updateTask(task.id, { enabled: enabled.checked });
      toast(`${task.name} ${enabled.checked ? 'enabled' : 'disabled'}`);
    } catch (failure) {
      enabled.checked = !enabled.checked;
      toast(failure.message, 'error');
    }
  });
  runNow.addEventListener('click', async () => {
    runNow.disabled = true;
    try {
      await nod.runTask(task.id);
      await openRuns();
    } catch (failure) {
      toast(failure.message, 'error');
    } finally {
      runNow.disabled = false;
    }
  });
  toggleRuns.addEventListener('click', async () => {
    if (!runsPanel.hidden) {
      runsPanel.hidden = true;
      toggleRuns.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      await openRuns();
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Delete the task “${task.name}”?`)) return;
    try {
      await nod.deleteTask(task.id);
      // The focus was on this card's Delete: it moves to the task that takes its place (else the parent decides).
      const next = card.nextElementSibling ?? card.previousElementSibling;
      card.remove();
      onDeleted(next?.querySelector('button') ?? null);
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });

  return {
    el: card,
    onRun(run) {
      if (!runsLoaded) return;
      const item = runItem(run);
      const existing = runs.querySelector(`[data-run-id="${CSS.escape(run.id)}"]`);
      if (existing) existing.replaceWith(item);
      else runs.prepend(item);
      runsPanel.querySelector('.empty').hidden = true;
    },
  };
}

function newTaskForm(agent, onCreated) {
  const name = h('input', { id: uid('task-name'), required: true, maxlength: '300', autocomplete: 'off' });
  const prompt = h('textarea', { id: uid('task-prompt'), required: true, rows: '3' });
  const group = uid('when');
  const radio = (value, label, checked = false) => {
    const input = h('input', { type: 'radio', name: group, id: `${group}-${value}`, value, checked });
    return { input, row: h('label', { class: 'choice-row', for: input.id }, input, h('span', {}, label)) };
  };
  const scheduled = radio('scheduled', 'On a schedule (cron)', true);
  const once = radio('once', 'Once, at a date and time');
  const event = radio('event', 'When an event arrives (a trigger URL to call)');
  const cron = h('input', { id: uid('cron'), value: '0 9 * * 1-5', autocomplete: 'off', 'aria-describedby': `${group}-cron-hint` });
  const timezone = h('input', { id: uid('tz'), value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', autocomplete: 'off' });
  const runAt = h('input', { id: uid('run-at'), type: 'datetime-local' });
  const scheduledFields = h('div', { class: 'when-fields' },
    h('div', { class: 'field' }, h('label', { for: cron.id }, 'Cron schedule'), cron,
      h('p', { class: 'hint', id: `${group}-cron-hint` }, 'Five fields: minute hour day month weekday. 0 9 * * 1-5 is 9:00 on weekdays.')),
    h('div', { class: 'field' }, h('label', { for: timezone.id }, 'Time zone'), timezone));
  const onceFields = h('div', { class: 'when-fields', hidden: true }, h('div', { class: 'field' }, h('label', { for: runAt.id }, 'Run at'), runAt));
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create task');

  const form = h('form', { class: 'card stack new-task', 'aria-label': 'New task' },
    h('h3', {}, 'New task'),
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: prompt.id }, 'Prompt (what the agent should do)'), prompt),
    h('fieldset', { class: 'field' }, h('legend', {}, 'When'), scheduled.row, once.row, event.row),
    scheduledFields, onceFields, error,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('change', () => {
    scheduledFields.hidden = !scheduled.input.checked;
    onceFields.hidden = !once.input.checked;
  });
  form.addEventListener('submit', async (submitEvent) => {
    submitEvent.preventDefault();
    error.hidden = true;
    const body = { name: name.value.trim(), prompt: prompt.value.trim() };
    if (scheduled.input.checked) Object.assign(body, { schedule: cron.value.trim(), timezone: timezone.value.trim() || null });
    else if (once.input.checked) {
      if (!runAt.value) {
        error.textContent = 'Choose when the task runs.';
        error.hidden = false;
        runAt.focus();
        return;
      }
      Object.assign(body, { schedule: 'once', run_at: new Date(runAt.value).toISOString() });
    } else body.schedule = 'event';
    submit.disabled = true;
    try {
      const task = await nod.createTask(agent.id, body);
      form.reset();
      form.dispatchEvent(new Event('change'));
      onCreated(task);
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return { form, focus: name };
}

export function renderTasks(agent) {
  const cards = new Map();
  const otherTasks = new Set();
  const deleted = new Set();
  const list = h('div', { class: 'task-list' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No tasks yet. A task gives the agent a prompt on a schedule, once, or when its trigger URL is called.');
  const toggle = h('button', { type: 'button', class: 'button primary small', 'aria-expanded': 'false' }, '+ New task');
  const checkEmpty = () => { empty.hidden = cards.size > 0; };

  const add = (task, { first = false, before = null } = {}) => {
    const card = taskCard(task, {
      onDeleted: (nextFocus) => {
        cards.delete(task.id);
        deleted.add(task.id);
        checkEmpty();
        (nextFocus ?? toggle).focus();
      },
    });
    cards.set(task.id, card);
    if (first) list.prepend(card.el);
    else list.insertBefore(card.el, before);
    checkEmpty();
    return card;
  };

  const { form, focus } = newTaskForm(agent, (task) => {
    add(task, { first: true });
    form.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toast(`Task “${task.name}” created`);
    list.querySelector(`[data-task-id="${CSS.escape(task.id)}"] h3`)?.scrollIntoView({ block: 'nearest' });
  });
  form.hidden = true;
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) focus.focus();
  });

  async function load() {
    try {
      const { tasks } = await nod.tasks(agent.id);
      cards.clear();
      list.replaceChildren();
      tasks.forEach((task) => add(task));
      checkEmpty();
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }

  /** Adds the tasks not shown yet, in the list's order; the cards shown (open runs, focus) stay as they are. */
  async function addNew() {
    try {
      const { tasks } = await nod.tasks(agent.id);
      let before = null;
      for (const task of [...tasks].reverse()) {
        if (!deleted.has(task.id)) before = cards.get(task.id)?.el ?? add(task, { before }).el;   // deleted here meanwhile: not again
      }
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }

  // One request at a time: whatever asks while one is on its way gets one more after it, not one each.
  let refreshing = null;
  let refreshAgain = false;
  function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        await addNew();
      } while (refreshAgain);
      refreshing = null;
    })();
    return refreshing;
  }

  const disposers = [
    on('run', async (run) => {
      if (cards.has(run.task_id)) {
        cards.get(run.task_id).onRun(run);
      } else if (!otherTasks.has(run.task_id)) {
        // Runs do not name their agent: a run of an unknown task is another agent's, or a task this agent just created.
        await refresh();
        if (!cards.has(run.task_id)) otherTasks.add(run.task_id);
      }
    }),
    // A task the agent creates (POST /api/agent/tasks, or its proposal approved) has no event of its own: the list is
    // read again when the agent's activity moves — its message, alert or status, an answer — not for a new request.
    on('activity', (activity) => {
      if (activity.agent_id === agent.id && activity.type !== 'decision_created') refresh();
    }),
    on('resync', load),
  ];
  load();

  return {
    el: h('section', { class: 'tasks', 'aria-label': 'Tasks' }, h('div', { class: 'section-head' }, h('h2', {}, 'Tasks'), toggle), form, list, empty),
    dispose: () => disposers.forEach((dispose) => dispose()),
  };
}
