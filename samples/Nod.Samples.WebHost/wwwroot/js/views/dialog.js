// A full-screen dialog (report cards, images): native <dialog>, so Esc closes it and focus returns where it was.

import { h } from '../dom.js';

export function openDialog({ title, subtitle = null, body, label = 'Report' }) {
  const titleId = `dialog-title-${Date.now()}`;
  const close = h('button', { type: 'button', class: 'button secondary small', 'aria-label': 'Close' }, 'Close');
  const dialog = h('dialog', { class: 'fullscreen', 'aria-labelledby': titleId },
    h('header', { class: 'dialog-head' },
      h('div', {},
        h('span', { class: 'report-label' }, label),
        h('h2', { id: titleId }, title),
        subtitle ? h('p', { class: 'hint' }, subtitle) : null),
      close),
    h('div', { class: 'dialog-body' }, body));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}
