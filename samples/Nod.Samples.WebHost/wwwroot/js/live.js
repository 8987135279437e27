// The live stream /ws/app: a snapshot, then every event in seq order. When the connection drops, it reconnects with
// ?after=<the last seq processed>, so nothing is missed and nothing arrives twice.

import { nod } from './api.js';
import { applyFrame, applySnapshot, emit, on, setConnection } from './state.js';

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 10000];
const PING_EVERY_MS = 20000;
const PONG_WITHIN_MS = 10000;
const MAX_FAILED_RESUMES = 3;

let socket = null;
let lastSeq = null;
let attempt = 0;
let failedResumes = 0;
let reloadOnSnapshot = false;
let retryTimer = null;
let pingTimer = null;
let pongTimer = null;

/** Opens the stream; it then stays open (or reconnecting) for the life of the page. */
export function startLive() {
  window.addEventListener('online', () => reconnectNow());
  // The stream carries an agent's changes, not what it already had when it became visible: a resumed connection's
  // snapshot does (nothing is missed or repeated: it resumes after the last seq), without leaving "Live".
  on('agent-visible', () => reconnectNow({ quiet: true }));
  connect();
}

/** Drops the current connection and connects again at once (the "Reconnect" button, coming back online). */
export function reconnectNow({ quiet = false } = {}) {
  clearTimeout(retryTimer);
  if (socket) {
    const old = socket;
    socket = null;
    old.close();
  }
  connect(quiet);
}

function connect(quiet = false) {
  clearTimeout(retryTimer);
  if (!quiet) setConnection(attempt === 0 && lastSeq === null ? 'connecting' : 'reconnecting');
  const url = new URL('/ws/app', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const resuming = lastSeq !== null;
  if (resuming) url.searchParams.set('after', String(lastSeq));

  const ws = new WebSocket(url);
  socket = ws;
  let snapshotSeen = false;

  ws.addEventListener('message', (event) => {
    if (socket !== ws) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    clearTimeout(pongTimer);
    if (frame.type === 'snapshot') {
      snapshotSeen = true;
      attempt = 0;
      failedResumes = 0;
      // A server whose log is behind what we saw is a new database: start over from its head.
      const startOver = lastSeq === null || frame.seq < lastSeq;
      if (startOver) lastSeq = frame.seq;
      applySnapshot(frame);
      if (reloadOnSnapshot || (startOver && resuming)) emit('resync');
      reloadOnSnapshot = false;
      setConnection('live');
      schedulePing(ws);
      return;
    }
    if (frame.type === 'pong' || frame.type === 'error') return;
    if (typeof frame.seq === 'number') {
      if (lastSeq !== null && frame.seq <= lastSeq) return;
      lastSeq = frame.seq;
    }
    applyFrame(frame);
  });

  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    clearTimeout(pingTimer);
    clearTimeout(pongTimer);
    if (!snapshotSeen && resuming) {
      failedResumes += 1;
      // The server keeps refusing to resume (e.g. a new database): connect fresh and reload what is shown.
      if (failedResumes >= MAX_FAILED_RESUMES) {
        lastSeq = null;
        failedResumes = 0;
        reloadOnSnapshot = true;
      }
    }
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
    attempt += 1;
    // A browser does not say why an upgrade was refused: ask the API, which sends a signed-out user to the sign-in page.
    if (!snapshotSeen && attempt % 3 === 0) nod.me().catch(() => {});
    setConnection('reconnecting', { retryInMs: delay });
    retryTimer = setTimeout(connect, delay + Math.floor(Math.random() * 250));
  });
}

/** A ping now and then: a connection that silently died is noticed and replaced. */
function schedulePing(ws) {
  clearTimeout(pingTimer);
  pingTimer = setTimeout(() => {
    if (socket !== ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: 'ping' }));
    pongTimer = setTimeout(() => {
      if (socket === ws) ws.close();
    }, PONG_WITHIN_MS);
    schedulePing(ws);
  }, PING_EVERY_MS);
}
