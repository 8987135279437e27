// Copy buttons for ids, secrets, URLs and commands.

import { h } from './dom.js';

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** A button that copies `text` and says so. */
export function copyButton(text, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'button small secondary copy', 'aria-label': `${label}` }, 'Copy');
  button.addEventListener('click', async () => {
    try {
      await copyText(text);
      button.textContent = 'Copied!';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 1500);
  });
  return button;
}

/** A labelled read-only value (monospace) with its copy button. */
export function copyField(label, value, { secret = false } = {}) {
  return h('div', { class: `copy-field${secret ? ' secret' : ''}` },
    h('span', { class: 'copy-label' }, label),
    h('code', { class: 'copy-value' }, value),
    copyButton(value, `Copy ${label.toLowerCase()}`));
}

/** A block of code (a command to paste) with its copy button. */
export function copyBlock(label, code) {
  return h('div', { class: 'copy-block' },
    h('div', { class: 'copy-block-head' }, h('span', { class: 'copy-label' }, label), copyButton(code, `Copy ${label.toLowerCase()}`)),
    h('pre', {}, h('code', {}, code)));
}
