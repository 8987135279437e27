// A request card, the same in the chat and in the inbox: approval (note, approve/reject), choice (options plus
// "Other…"), question (free text), permission (allow, always allow with a pattern, deny); any kind can be dismissed.
// Resolved cards show the outcome. Every card on the page updates itself when its decision changes.

import { nod } from '../api.js';
import { h, replaceChildren, uid } from '../dom.js';
import { KIND_LABELS, STATUS_LABELS, formatTime, timeElement } from '../format.js';
import { markdownBlock } from '../markdown.js';
import { agentHref } from '../router.js';
import { agentName, applyDecision, on } from '../state.js';

const OPTIONS = new WeakMap();

on('decision', (decision) => {
  for (const card of document.querySelectorAll(`[data-decision-id="${CSS.escape(decision.id)}"]`)) {
    if (card.dataset.status === decision.status) continue;
    const hadFocus = card.contains(document.activeElement);
    const next = decisionCard(decision, OPTIONS.get(card));
    card.replaceWith(next);
    if (hadFocus) next.focus();
  }
});

/** The subject always-allow rules match: the `permission` field, else the title without "Allow: ". */
export function permissionSubject(decision) {
  return decision.permission ?? decision.title.replace(/^Allow: /, '');
}

export function decisionCard(decision, options = {}) {
  const titleId = uid('decision');
  const card = h('article', {
    class: `card decision kind-${decision.kind} status-${decision.status}`,
    tabindex: '-1',
    'aria-labelledby': titleId,
    dataset: { decisionId: decision.id, agentId: decision.agent_id, kind: decision.kind, status: decision.status, createdAt: decision.created_at },
  });
  OPTIONS.set(card, options);

  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const resolve = async (body, busyButton) => {
    error.hidden = true;
    const buttons = [...card.querySelectorAll('button')];
    buttons.forEach((button) => { button.disabled = true; });
    if (busyButton) busyButton.setAttribute('aria-busy', 'true');
    try {
      applyDecision(await nod.resolve(decision.id, body));
    } catch (failure) {
      if (failure.status === 409 || failure.status === 404) {
        try {
          applyDecision(await nod.decision(decision.id));
        } catch {
          // Shown below.
        }
      }
      error.textContent = failure.status === 409 ? 'Someone answered this request already.' : failure.message;
      error.hidden = false;
      buttons.forEach((button) => { button.disabled = false; });
      busyButton?.removeAttribute('aria-busy');
    }
  };

  const head = h('header', { class: 'decision-head' },
    h('span', { class: `kind-chip kind-${decision.kind}` }, KIND_LABELS[decision.kind] ?? decision.kind),
    options.showAgent ? h('a', { class: 'decision-agent', href: agentHref(decision.agent_id) }, agentName(decision.agent_id)) : null,
    timeElement(decision.created_at));

  replaceChildren(card,
    head,
    h('h3', { class: 'decision-title', id: titleId }, decision.title),
    markdownBlock(decision.description, 'decision-description'),
    decision.kind === 'permission'
      ? h('p', { class: 'permission-subject' }, 'Permission: ', h('code', {}, permissionSubject(decision)))
      : null,
    decision.task_run_id ? h('p', { class: 'hint' }, 'Part of task run ', h('code', {}, decision.task_run_id)) : null,
    decision.status === 'pending' && decision.expires_at ? h('p', { class: 'hint' }, `Expires ${formatTime(decision.expires_at)}`) : null,
    decision.status === 'pending' ? controls(decision, resolve) : outcome(decision),
    error);
  return card;
}

function dismissButton(resolve) {
  const button = h('button', { type: 'button', class: 'button link dismiss' }, 'Dismiss');
  button.addEventListener('click', () => resolve({ status: 'dismissed' }, button));
  return button;
}

function controls(decision, resolve) {
  switch (decision.kind) {
    case 'approval': return approvalControls(resolve);
    case 'choice': return choiceControls(decision, resolve);
    case 'question': return questionControls(resolve);
    case 'permission': return permissionControls(decision, resolve);
    default: return h('div', { class: 'decision-actions' }, dismissButton(resolve));
  }
}

function approvalControls(resolve) {
  const noteId = uid('note');
  const note = h('textarea', { id: noteId, class: 'note', rows: '2', maxlength: '65536', placeholder: 'Add a note for the agent' });
  const approve = h('button', { type: 'button', class: 'button primary' }, 'Approve');
  const reject = h('button', { type: 'button', class: 'button danger' }, 'Reject');
  const noteValue = () => note.value.trim() || null;
  approve.addEventListener('click', () => resolve({ status: 'approved', note: noteValue() }, approve));
  reject.addEventListener('click', () => resolve({ status: 'rejected', note: noteValue() }, reject));
  return h('div', { class: 'decision-controls' },
    h('div', { class: 'field' }, h('label', { for: noteId }, 'Note (optional)'), note),
    h('div', { class: 'decision-actions' }, approve, reject, dismissButton(resolve)));
}

function answerForm(label, buttonText, resolve, { multiline = false } = {}) {
  const inputId = uid('answer');
  const input = multiline
    ? h('textarea', { id: inputId, rows: '2', required: true, maxlength: '65536' })
    : h('input', { id: inputId, required: true, maxlength: '65536', autocomplete: 'off' });
  const send = h('button', { type: 'submit', class: 'button primary' }, buttonText);
  const form = h('form', { class: 'answer-form' },
    h('div', { class: 'field' }, h('label', { for: inputId }, label), input),
    h('div', { class: 'decision-actions' }, send));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answer = input.value.trim();
    if (answer) resolve({ status: 'responded', note: answer }, send);
    else input.focus();
  });
  return { form, input, actions: form.querySelector('.decision-actions') };
}

function choiceControls(decision, resolve) {
  const optionButtons = (decision.options ?? []).map((option) => {
    const button = h('button', { type: 'button', class: 'button option' }, option);
    button.addEventListener('click', () => resolve({ status: 'responded', note: option }, button));
    return button;
  });
  const other = h('button', { type: 'button', class: 'button option other', 'aria-expanded': 'false' }, 'Other…');
  const { form, input } = answerForm('Your answer', 'Send', resolve);
  form.hidden = true;
  other.addEventListener('click', () => {
    form.hidden = !form.hidden;
    other.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) input.focus();
  });
  return h('div', { class: 'decision-controls' },
    h('div', { class: 'options', role: 'group', 'aria-label': 'Options' }, optionButtons, other),
    form,
    h('div', { class: 'decision-actions' }, dismissButton(resolve)));
}

function questionControls(resolve) {
  const { form, actions } = answerForm('Your answer', 'Send answer', resolve, { multiline: true });
  actions.append(dismissButton(resolve));
  return h('div', { class: 'decision-controls' }, form);
}

function permissionControls(decision, resolve) {
  const subject = permissionSubject(decision);
  const allow = h('button', { type: 'button', class: 'button primary' }, 'Allow');
  const deny = h('button', { type: 'button', class: 'button danger' }, 'Deny');
  allow.addEventListener('click', () => resolve({ status: 'approved' }, allow));
  deny.addEventListener('click', () => resolve({ status: 'rejected' }, deny));
  const actions = h('div', { class: 'decision-actions' }, allow);

  let panel = null;
  if (decision.allows_always) {
    const always = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false' }, `${decision.always_allow_label || 'Always allow'}…`);
    panel = alwaysAllowPanel(decision, subject, resolve);
    panel.hidden = true;
    always.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      always.setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) panel.querySelector('input')?.focus();
    });
    actions.append(always);
  }
  actions.append(deny, dismissButton(resolve));
  return h('div', { class: 'decision-controls' }, actions, panel);
}

function alwaysAllowPanel(decision, subject, resolve) {
  const group = uid('pattern');
  const choices = [...(decision.always_allow_options ?? [])];
  if (!choices.some((choice) => choice.pattern === subject)) choices.push({ pattern: subject, label: 'Exactly this request' });
  const radios = choices.map((choice, index) => {
    const id = `${group}-${index}`;
    const radio = h('input', { type: 'radio', name: group, id, value: choice.pattern, checked: index === 0 });
    return h('label', { class: 'choice-row', for: id }, radio,
      h('span', {}, choice.label, ' ', h('code', {}, choice.pattern)));
  });
  const customId = `${group}-custom`;
  const customRadio = h('input', { type: 'radio', name: group, id: customId, value: '' });
  const customInput = h('input', { class: 'custom-pattern', 'aria-label': 'Custom pattern', placeholder: 'e.g. Bash(npm *)', autocomplete: 'off' });
  customInput.addEventListener('focus', () => { customRadio.checked = true; });
  const confirm = h('button', { type: 'submit', class: 'button primary' }, 'Always allow');
  const form = h('form', { class: 'always-allow' },
    h('fieldset', {},
      h('legend', {}, 'Always allow requests matching'),
      radios,
      h('label', { class: 'choice-row', for: customId }, customRadio, h('span', {}, 'Custom pattern (', h('code', {}, '*'), ' matches anything)')),
      customInput),
    h('div', { class: 'decision-actions' }, confirm));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const selected = form.querySelector(`input[name="${group}"]:checked`);
    const pattern = selected === customRadio ? customInput.value.trim() : selected?.value;
    if (!pattern) {
      customInput.focus();
      return;
    }
    resolve({ status: 'approved', always_allow: true, always_allow_pattern: pattern }, confirm);
  });
  return form;
}

function outcome(decision) {
  const label = STATUS_LABELS[decision.status] ?? decision.status;
  const by = decision.resolved_by === 'rule' ? 'by an always-allow rule' : decision.resolved_by ? `by ${decision.resolved_by}` : '';
  const answerLabel = decision.kind === 'choice' || decision.kind === 'question' ? 'Answer' : 'Note';
  return h('div', { class: 'decision-outcome' },
    h('p', {},
      h('span', { class: `status-chip status-${decision.status}` }, label), ' ', by,
      decision.resolved_at ? [' · ', timeElement(decision.resolved_at)] : null),
    decision.note ? h('p', { class: 'decision-note' }, `${answerLabel}: `, h('q', {}, decision.note)) : null,
    decision.always_allow && decision.always_allow_pattern
      ? h('p', { class: 'decision-note' }, 'Always allowed: ', h('code', {}, decision.always_allow_pattern))
      : null);
}
