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
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The browser did not copy.');
}

let status = null;

/** Tells screen readers what a copy did: the button's name stays "Copy …", so its changing text is never read. */
function announce(text) {
  if (!status) {
    status = h('div', { class: 'offscreen', role: 'status', 'aria-live': 'polite' });
    document.body.append(status);
  }
  status.textContent = text;
}

/** A button that copies `text` and says so. */
export function copyButton(text, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'button small secondary copy', 'aria-label': `${label}` }, 'Copy');
  button.addEventListener('click', async () => {
    // "Copy secret" → "Secret copied".
    const what = label.startsWith('Copy ') ? label.slice(5) : 'text';
    try {
      await copyText(text);
      button.textContent = 'Copied!';
      announce(`${what.charAt(0).toUpperCase()}${what.slice(1)} copied`);
    } catch {
      button.textContent = 'Select and copy';
      announce(`Could not copy the ${what}: select it and copy it`);
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
