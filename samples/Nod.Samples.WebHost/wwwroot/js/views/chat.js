// The chat with an interactive agent: messages and in-chat request cards in time order, the "Thinking…" bubble with
// its live status text, reply-to, image URLs, older pages, several conversations. Enter sends, Shift+Enter is a new line.

import { nod } from '../api.js';
import { h, replaceChildren, safeImageUrl, toast, uid } from '../dom.js';
import { icon } from '../icons.js';
import { indicatorFor, on } from '../state.js';
import { decisionCard } from './decision-card.js';
import { messageBubble } from './message.js';

const NEAR_BOTTOM_PX = 120;
const itemTime = (el) => Date.parse(el.dataset.time) || 0;

export function renderChat(agent) {
  const disposers = [];
  let conversationId = null;
  let nextBefore = null;
  let decisionsBefore = null;
  let replyTo = null;
  let loadGeneration = 0;
  let sending = false;

  const conversationSelect = h('select', { id: uid('conversation'), class: 'conversation-select' });
  const newConversation = h('button', { type: 'button', class: 'button link small' }, '+ New conversation');
  const toolbar = h('div', { class: 'chat-toolbar' },
    h('label', { for: conversationSelect.id, class: 'sr-only' }, 'Conversation'), conversationSelect, newConversation);

  const loadEarlier = h('button', { type: 'button', class: 'button link load-earlier', hidden: true }, 'Load earlier messages');
  const items = h('div', { class: 'timeline-items' });
  const thinkingText = h('span', { class: 'thinking-text' }, 'Thinking…');
  const thinking = h('div', { class: 'thinking-bubble', hidden: true, role: 'status', 'aria-live': 'polite', dataset: { thinking: '' } },
    h('span', { class: 'dots', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')), thinkingText);
  const emptyChat = h('p', { class: 'empty chat-empty', hidden: true }, `No messages yet. Say hello to ${agent.name}.`);
  const timeline = h('div', { class: 'timeline', role: 'log', 'aria-label': `Conversation with ${agent.name}`, tabindex: '0' },
    loadEarlier, emptyChat, items, thinking);

  const input = h('textarea', {
    id: uid('composer'), class: 'composer-input', rows: '1', maxlength: '65536',
    placeholder: `Message ${agent.name}`, enterkeyhint: 'send', autocomplete: 'off',
  });
  const replyText = h('span', { class: 'reply-banner-text' });
  const cancelReply = h('button', { type: 'button', class: 'button link small', 'aria-label': 'Cancel reply' }, '✕');
  const replyBanner = h('div', { class: 'reply-banner', hidden: true }, replyText, cancelReply);
  const imageInput = h('input', { id: uid('image'), type: 'url', placeholder: 'https://example.com/picture.png', autocomplete: 'off' });
  const imageRow = h('div', { class: 'image-row', hidden: true }, h('label', { for: imageInput.id }, 'Image URL'), imageInput);
  const attach = h('button', { type: 'button', class: 'button icon', 'aria-label': 'Attach an image URL', 'aria-expanded': 'false', title: 'Attach an image URL' }, icon('image'));
  const send = h('button', { type: 'submit', class: 'button primary send' }, 'Send');
  const composerError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const composer = h('form', { class: 'composer', 'aria-label': 'Send a message' },
    replyBanner, imageRow, composerError,
    h('div', { class: 'composer-row' }, attach, h('label', { for: input.id, class: 'sr-only' }, 'Message'), input, send));

  const root = h('section', { class: 'chat', 'aria-label': 'Chat' }, toolbar, timeline, composer);

  // --- the timeline -------------------------------------------------------------------------------------------------
  const nearBottom = () => timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < NEAR_BOTTOM_PX;
  const scrollToBottom = () => { timeline.scrollTop = timeline.scrollHeight; };

  function insert(el) {
    const time = itemTime(el);
    const seq = Number(el.dataset.seq ?? 0);
    let before = null;
    for (let node = items.lastElementChild; node; node = node.previousElementSibling) {
      const nodeTime = itemTime(node);
      if (nodeTime < time || (nodeTime === time && Number(node.dataset.seq ?? 0) <= seq)) break;
      before = node;
    }
    items.insertBefore(el, before);
    emptyChat.hidden = true;
  }

  function startReply(message) {
    replyTo = message;
    replyText.textContent = `Replying to ${message.sender_name}: ${(message.text ?? '').slice(0, 120)}`;
    replyBanner.hidden = false;
    input.focus();
  }

  function addMessage(message) {
    if (items.querySelector(`[data-message-id="${CSS.escape(message.id)}"]`)) return;
    const stick = nearBottom() || message.sender === 'user';
    insert(messageBubble(message, { onReply: startReply }));
    if (stick) scrollToBottom();
  }

  function addDecision(decision) {
    if (items.querySelector(`[data-decision-id="${CSS.escape(decision.id)}"]`)) return;
    const stick = nearBottom();
    const card = decisionCard(decision);
    const wrapper = h('div', { class: 'timeline-card', dataset: { time: decision.created_at, seq: '0' } }, card);
    insert(wrapper);
    if (stick) scrollToBottom();
  }

  function showThinking() {
    const indicator = conversationId ? indicatorFor(agent.id, conversationId) : null;
    const stick = nearBottom();
    thinking.hidden = !indicator;
    thinkingText.textContent = indicator?.status_text || 'Thinking…';
    if (indicator && stick) scrollToBottom();
  }

  async function loadConversation(id) {
    const generation = ++loadGeneration;
    conversationId = id;
    replaceChildren(items);
    nextBefore = null;
    decisionsBefore = null;
    showThinking();
    try {
      const [page, decisions] = await Promise.all([
        nod.messages(id),
        nod.decisions({ conversation_id: id, status: 'all', limit: 50 }),
      ]);
      if (generation !== loadGeneration) return;
      page.messages.forEach(addMessage);
      decisions.decisions.forEach(addDecision);
      nextBefore = page.next_before;
      decisionsBefore = decisions.next_before;
      loadEarlier.hidden = nextBefore === null && decisionsBefore === null;
      emptyChat.hidden = items.childElementCount > 0;
      scrollToBottom();
    } catch (failure) {
      if (generation === loadGeneration) toast(failure.message, 'error');
    }
  }

  /** Fills the conversation picker (keeping the choice); the caller decides what to open. */
  async function listConversations() {
    const { conversations } = await nod.conversations(agent.id);
    replaceChildren(conversationSelect, conversations.map((conversation, index) =>
      h('option', { value: conversation.id }, conversation.title || (index === 0 ? 'Main conversation' : `Conversation ${index + 1}`))));
    toolbar.classList.toggle('single', conversations.length < 2);
    if (conversationId) conversationSelect.value = conversationId;
    return conversations;
  }

  async function loadConversations(selectId) {
    const conversations = await listConversations();
    const chosen = selectId ?? agent.default_conversation_id ?? conversations[0]?.id;
    if (chosen) {
      conversationSelect.value = chosen;
      await loadConversation(chosen);
    }
  }

  // Older messages and older requests page separately: each continues where its own first page ended.
  loadEarlier.addEventListener('click', async () => {
    if (nextBefore === null && decisionsBefore === null) return;
    const anchor = items.firstElementChild;
    try {
      const [page, decisions] = await Promise.all([
        nextBefore === null ? null : nod.messages(conversationId, nextBefore),
        decisionsBefore === null ? null : nod.decisions({ conversation_id: conversationId, status: 'all', before: decisionsBefore, limit: 50 }),
      ]);
      page?.messages.forEach((message) => insert(messageBubble(message, { onReply: startReply })));
      decisions?.decisions.forEach(addDecision);
      if (page) nextBefore = page.next_before;
      if (decisions) decisionsBefore = decisions.next_before;
      loadEarlier.hidden = nextBefore === null && decisionsBefore === null;
      anchor?.scrollIntoView({ block: 'start' });
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });

  conversationSelect.addEventListener('change', () => loadConversation(conversationSelect.value));
  newConversation.addEventListener('click', async () => {
    try {
      const created = await nod.createConversation(agent.id);
      await loadConversations(created.id);
      input.focus();
    } catch (failure) {
      toast(failure.message, 'error');
    }
  });

  // --- the composer -------------------------------------------------------------------------------------------------
  cancelReply.addEventListener('click', () => {
    replyTo = null;
    replyBanner.hidden = true;
    input.focus();
  });
  attach.addEventListener('click', () => {
    imageRow.hidden = !imageRow.hidden;
    attach.setAttribute('aria-expanded', String(!imageRow.hidden));
    if (!imageRow.hidden) imageInput.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  });

  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Enter calls requestSubmit(), which a disabled Send button does not stop: one message at a time.
    if (sending) return;
    const text = input.value.trim();
    const image = imageInput.value.trim();
    if (!text && !image) {
      input.focus();
      return;
    }
    if (image && !safeImageUrl(image)) {
      composerError.textContent = 'The image URL must start with http:// or https://';
      composerError.hidden = false;
      imageInput.focus();
      return;
    }
    composerError.hidden = true;
    sending = true;
    send.disabled = true;
    try {
      // A message typed (and sent) before the conversations arrived goes to the conversation they open on.
      await loaded;
      if (!conversationId) throw new Error('The conversation could not be loaded: reload the page and try again.');
      const message = await nod.sendMessage(conversationId, {
        text: text || null,
        image_urls: image ? [image] : null,
        reply_to_id: replyTo?.id ?? null,
      });
      input.value = '';
      input.style.height = '';
      imageInput.value = '';
      imageRow.hidden = true;
      attach.setAttribute('aria-expanded', 'false');
      replyTo = null;
      replyBanner.hidden = true;
      addMessage(message);
    } catch (failure) {
      composerError.textContent = failure.message;
      composerError.hidden = false;
    } finally {
      sending = false;
      send.disabled = false;
      input.focus();
    }
  });

  // --- live updates -------------------------------------------------------------------------------------------------
  // A conversation started in another tab has no event of its own: its first message makes the picker list it (asked
  // once per conversation, so a burst of messages is one request).
  const askedAbout = new Set();
  async function noticeConversation(id) {
    if (!conversationId || askedAbout.has(id) || [...conversationSelect.options].some((option) => option.value === id)) return;
    askedAbout.add(id);
    try {
      await listConversations();
    } catch (failure) {
      toast(failure.message, 'error');
    }
  }

  disposers.push(
    on('message', (message) => {
      if (message.conversation_id === conversationId) addMessage(message);
      else if (message.agent_id === agent.id) noticeConversation(message.conversation_id);
    }),
    on('decision', (decision) => { if (decision.conversation_id === conversationId) addDecision(decision); }),
    on('indicator', ({ agent_id, conversation_id }) => { if (agent_id === agent.id && conversation_id === conversationId) showThinking(); }),
    on('indicators', showThinking),
    on('resync', () => loadConversations(conversationId)),
  );

  const loaded = loadConversations().catch((failure) => toast(failure.message, 'error'));

  return {
    el: root,
    focus: input,
    dispose: () => disposers.forEach((dispose) => dispose()),
  };
}
