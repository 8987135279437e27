// One chat message: markdown text, report card, task result, images, audio, the message it replies to.

import { h, safeImageUrl, safeUrl } from '../dom.js';
import { timeElement } from '../format.js';
import { markdownBlock } from '../markdown.js';
import { openDialog } from './dialog.js';

const clip = (text, length) => (text && text.length > length ? `${text.slice(0, length)}…` : text);

function images(message) {
  const urls = [...new Set([message.image_url, ...(message.image_urls ?? [])].filter(Boolean))];
  return urls.map((url) => safeImageUrl(url)).filter(Boolean).map((src) => {
    const alt = `Image from ${message.sender_name}`;
    const open = h('button', { type: 'button', class: 'image-button', 'aria-label': `Open image from ${message.sender_name}` },
      h('img', { class: 'msg-image', src, alt, loading: 'lazy' }));
    open.addEventListener('click', () => openDialog({ title: alt, label: 'Image', body: h('img', { class: 'dialog-image', src, alt }) }));
    return open;
  });
}

function reportCard(message) {
  const card = h('button', { type: 'button', class: 'report-card', 'aria-haspopup': 'dialog' },
    h('span', { class: 'report-label' }, 'Report'),
    h('strong', { class: 'report-title' }, message.report_title),
    message.report_description ? h('span', { class: 'report-description' }, message.report_description) : null,
    h('span', { class: 'report-open' }, 'Open full report'));
  card.addEventListener('click', () => openDialog({
    title: message.report_title,
    subtitle: message.report_description,
    body: markdownBlock(message.text ?? ''),
  }));
  return card;
}

/** The bubble of a message; `onReply(message)` is called by its Reply button. */
export function messageBubble(message, { onReply } = {}) {
  const fromAgent = message.sender === 'agent';
  const isReport = Boolean(message.report_title);
  const isTaskResult = Boolean(message.task_run_id);
  const audio = safeUrl(message.audio_url);
  const reply = h('button', { type: 'button', class: 'button link msg-reply', 'aria-label': `Reply to ${message.sender_name}: ${clip(message.text ?? '', 60)}` }, 'Reply');
  reply.addEventListener('click', () => onReply?.(message));

  return h('article', {
    class: `msg ${fromAgent ? 'from-agent' : 'from-user'}${isReport ? ' is-report' : ''}${isTaskResult ? ' is-task-result' : ''}`,
    dataset: { messageId: message.id, time: message.created_at, seq: String(message.seq ?? 0) },
  },
  h('div', { class: 'msg-meta' }, h('span', { class: 'msg-sender' }, message.sender_name), ' ', timeElement(message.created_at), ' ', reply),
  h('div', { class: 'msg-bubble' },
    message.reply_to_text || message.reply_to_id
      ? h('blockquote', { class: 'reply-quote' }, h('span', { 'aria-hidden': 'true' }, '↩ '), clip(message.reply_to_text ?? 'an earlier message', 140))
      : null,
    isTaskResult ? h('p', { class: 'task-result-label' }, h('span', { class: 'kind-chip' }, 'Task result'), ' ', h('code', {}, message.task_run_id)) : null,
    isReport ? reportCard(message) : (message.text ? markdownBlock(message.text) : null),
    images(message),
    audio ? h('audio', { controls: true, src: audio, preload: 'none' }) : null));
}
