// Hash routes, so the static files need no server-side routing:
//   #/                      agents          #/new            new agent
//   #/requests              requests inbox  #/activity       activity feed
//   #/agents/{id}[/{tab}]   an agent: chat, requests, activity, tasks or settings

const AGENT_TABS = ['chat', 'requests', 'activity', 'tasks', 'settings'];

export function parseRoute(hash) {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { name: 'agents' };
  if (path === '/new') return { name: 'new-agent' };
  if (path === '/requests') return { name: 'requests' };
  if (path === '/activity') return { name: 'activity' };
  const agent = /^\/agents\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (agent) {
    const tab = AGENT_TABS.includes(agent[2]) ? agent[2] : null;
    return { name: 'agent', agentId: decodeURIComponent(agent[1]), tab };
  }
  return { name: 'not-found' };
}

export function startRouter(render) {
  window.addEventListener('hashchange', () => render(parseRoute(window.location.hash)));
  render(parseRoute(window.location.hash));
}

export function navigate(hash) {
  if (window.location.hash === hash) return;
  window.location.hash = hash;
}

export const agentHref = (agentId, tab) => `#/agents/${encodeURIComponent(agentId)}${tab ? `/${tab}` : ''}`;
