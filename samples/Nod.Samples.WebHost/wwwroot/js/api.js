// The app API (PROTOCOL §7) over fetch: JSON in and out, errors as ApiError with the server's `detail`.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 401) {
    window.location.assign('/account/login');
    throw new ApiError(401, 'You are not signed in.');
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, data?.detail ?? response.statusText);
  return data;
}

/** `?a=1&b=2` from an object, leaving out null, undefined and empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
  patch: (path, body) => request('PATCH', path, body),
  del: (path) => request('DELETE', path),
};

/** Every call the web app makes, by name. */
export const nod = {
  me: () => api.get('/api/app/me'),
  agents: () => api.get('/api/app/agents'),
  agent: (id) => api.get(`/api/app/agents/${encodeURIComponent(id)}`),
  createAgent: (body) => api.post('/api/app/agents', body),
  updateAgent: (id, body) => api.patch(`/api/app/agents/${encodeURIComponent(id)}`, body),
  deleteAgent: (id) => api.del(`/api/app/agents/${encodeURIComponent(id)}`),
  rotateSecret: (id) => api.post(`/api/app/agents/${encodeURIComponent(id)}/rotate-secret`),
  rotateWebhookSecret: (id) => api.post(`/api/app/agents/${encodeURIComponent(id)}/rotate-webhook-secret`),
  share: (id, userId) => api.post(`/api/app/agents/${encodeURIComponent(id)}/shares`, { user_id: userId }),
  unshare: (id, userId) => api.del(`/api/app/agents/${encodeURIComponent(id)}/shares/${encodeURIComponent(userId)}`),
  conversations: (agentId) => api.get(`/api/app/agents/${encodeURIComponent(agentId)}/conversations`),
  createConversation: (agentId, title) => api.post(`/api/app/agents/${encodeURIComponent(agentId)}/conversations`, { title }),
  messages: (conversationId, before) =>
    api.get(`/api/app/conversations/${encodeURIComponent(conversationId)}/messages${query({ before, limit: 50 })}`),
  sendMessage: (conversationId, body) => api.post(`/api/app/conversations/${encodeURIComponent(conversationId)}/messages`, body),
  decisions: (params) => api.get(`/api/app/decisions${query(params)}`),
  decision: (id) => api.get(`/api/app/decisions/${encodeURIComponent(id)}`),
  resolve: (id, body) => api.post(`/api/app/decisions/${encodeURIComponent(id)}/resolve`, body),
  rules: (agentId) => api.get(`/api/app/agents/${encodeURIComponent(agentId)}/rules`),
  addRule: (agentId, body) => api.post(`/api/app/agents/${encodeURIComponent(agentId)}/rules`, body),
  revokeRule: (agentId, ruleId) => api.del(`/api/app/agents/${encodeURIComponent(agentId)}/rules/${encodeURIComponent(ruleId)}`),
  activity: (params) => api.get(`/api/app/activity${query({ limit: 50, ...params })}`),
  tasks: (agentId) => api.get(`/api/app/agents/${encodeURIComponent(agentId)}/tasks`),
  createTask: (agentId, body) => api.post(`/api/app/agents/${encodeURIComponent(agentId)}/tasks`, body),
  updateTask: (taskId, body) => api.patch(`/api/app/tasks/${encodeURIComponent(taskId)}`, body),
  deleteTask: (taskId) => api.del(`/api/app/tasks/${encodeURIComponent(taskId)}`),
  runTask: (taskId) => api.post(`/api/app/tasks/${encodeURIComponent(taskId)}/run`),
  runs: (taskId) => api.get(`/api/app/tasks/${encodeURIComponent(taskId)}/runs${query({ limit: 20 })}`),
  deliveries: (agentId, status) => api.get(`/api/app/agents/${encodeURIComponent(agentId)}/deliveries${query({ status })}`),
  redeliver: (agentId, eventId) =>
    api.post(`/api/app/agents/${encodeURIComponent(agentId)}/deliveries/${encodeURIComponent(eventId)}/redeliver`),
};
