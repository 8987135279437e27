// What the app knows, kept current by the live stream: the signed-in user, their agents (with online state), every
// pending request and every "Thinking…" bubble. Views read it and subscribe to its events.

const listeners = new Map();

/** Subscribes to an event; returns the function that unsubscribes. */
export function on(type, listener) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(listener);
  return () => listeners.get(type)?.delete(listener);
}

export function emit(type, payload) {
  for (const listener of [...(listeners.get(type) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`A listener of "${type}" failed`, error);
    }
  }
}

export const state = {
  me: null,
  agents: new Map(),
  pending: new Map(),
  indicators: new Map(),
  connection: 'connecting',
  snapshotSeen: false,
};

const indicatorKey = (agentId, conversationId) => `${agentId}/${conversationId}`;

export function setAgents(list) {
  state.agents = new Map(list.map((agent) => [agent.id, agent]));
  emit('agents');
}

export function upsertAgent(agent) {
  const known = state.agents.get(agent.id);
  state.agents.set(agent.id, known ? { ...known, ...agent } : agent);
  emit('agents');
  emit('agent', state.agents.get(agent.id));
}

export function removeAgent(agentId) {
  state.agents.delete(agentId);
  for (const [id, decision] of state.pending) if (decision.agent_id === agentId) state.pending.delete(id);
  emit('agents');
  emit('pending');
  emit('agent-removed', agentId);
}

export function agentName(agentId) {
  return state.agents.get(agentId)?.name ?? 'Unknown agent';
}

/** Pending requests of one agent (or all): from the live snapshot once it arrived, else the agent list's count. */
export function pendingCount(agentId) {
  if (!state.snapshotSeen) {
    if (agentId) return state.agents.get(agentId)?.pending_decisions ?? 0;
    return [...state.agents.values()].reduce((sum, agent) => sum + (agent.pending_decisions ?? 0), 0);
  }
  let count = 0;
  for (const decision of state.pending.values()) if (!agentId || decision.agent_id === agentId) count += 1;
  return count;
}

export function indicatorFor(agentId, conversationId) {
  return state.indicators.get(indicatorKey(agentId, conversationId)) ?? null;
}

export function isThinking(agentId) {
  for (const indicator of state.indicators.values()) if (indicator.agent_id === agentId) return true;
  return false;
}

/** A decision seen anywhere (REST answer or live frame): pending ones are counted, resolved ones dropped. */
export function applyDecision(decision) {
  if (decision.status === 'pending') state.pending.set(decision.id, decision);
  else state.pending.delete(decision.id);
  emit('decision', decision);
  emit('pending');
  const agent = state.agents.get(decision.agent_id);
  if (agent) {
    agent.pending_decisions = pendingCount(agent.id);
    emit('agents');
  }
}

function setIndicator({ agent_id, conversation_id, active, status_text, since }) {
  const key = indicatorKey(agent_id, conversation_id);
  const wasThinking = isThinking(agent_id);
  if (active) state.indicators.set(key, { agent_id, conversation_id, status_text, since });
  else state.indicators.delete(key);
  emit('indicator', { agent_id, conversation_id, active, status_text });
  // The agent list shows only whether an agent is thinking, not the text that changes every second.
  if (isThinking(agent_id) !== wasThinking) emit('agents');
}

function setOnline(agentId, online) {
  const agent = state.agents.get(agentId);
  if (!agent) return;
  agent.online = online;
  if (!online) agent.last_seen_at = new Date().toISOString();
  emit('agents');
  emit('agent', agent);
}

/** The first frame of every /ws/app connection: the current pending requests, bubbles and online agents. */
export function applySnapshot(snapshot) {
  state.snapshotSeen = true;
  state.pending = new Map((snapshot.pending_decisions ?? []).map((decision) => [decision.id, decision]));
  state.indicators = new Map();
  for (const indicator of snapshot.indicators ?? []) {
    state.indicators.set(indicatorKey(indicator.agent_id, indicator.conversation_id), indicator);
  }
  const unknown = [];
  for (const { agent_id, online } of snapshot.agents ?? []) {
    const agent = state.agents.get(agent_id);
    if (agent) agent.online = online;
    else unknown.push(agent_id);
  }
  for (const agent of state.agents.values()) agent.pending_decisions = pendingCount(agent.id);
  emit('agents');
  emit('pending');
  emit('indicators');
  if (unknown.length > 0) emit('agents-stale');
}

/** Every live frame after the snapshot, in seq order. */
export function applyFrame(frame) {
  switch (frame.type) {
    case 'message_created':
      emit('message', frame.message);
      break;
    case 'decision_created':
    case 'decision_resolved':
      if (!state.agents.has(frame.decision.agent_id)) emit('agents-stale');
      applyDecision(frame.decision);
      break;
    case 'activity_created':
      emit('activity', frame.activity);
      break;
    case 'indicator_changed':
      setIndicator(frame);
      break;
    case 'agent_status':
      setOnline(frame.agent_id, frame.online);
      break;
    case 'agent_updated': {
      const isNew = !state.agents.has(frame.agent.id);
      upsertAgent(frame.agent);
      // Shared with this user (or just created): its pending requests and bubbles come with a fresh snapshot.
      if (isNew) emit('agent-visible', frame.agent.id);
      break;
    }
    case 'agent_removed':
      if (!frame.user_id || frame.user_id === state.me?.user_id) removeAgent(frame.agent_id);
      break;
    case 'task_run_updated':
      emit('run', frame.run);
      break;
    default:
      break;
  }
}

export function setConnection(status, detail) {
  state.connection = status;
  emit('connection', { status, detail });
}
