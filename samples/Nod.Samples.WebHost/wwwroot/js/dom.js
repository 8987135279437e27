// Building DOM nodes safely: text is always set as text (never parsed as HTML), events are attached with
// addEventListener (no inline handler attributes), and URLs go through safeUrl() before they become links or images.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'indeterminate']);

/**
 * Creates an element: h('button', { class: 'primary', onclick: fn, 'aria-label': 'Send' }, 'Send').
 * Children may be strings (as text), nodes, arrays, or null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) {
      el[key] = value;
      // Also the default, so that form.reset() goes back to the value the field was built with (not to empty).
      if (key === 'value' && 'defaultValue' in el) el.defaultValue = value;
      else if (key === 'checked') el.defaultChecked = value;
    }
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (strings become text nodes). */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of an element. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/**
 * A URL that may become a link: http, https or mailto only (so never javascript: or data:), resolved against the page.
 * Returns null for anything else.
 */
export function safeUrl(value) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), window.location.origin);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** A URL that may become an image: http(s), or a data: URL of a raster image (what Nod stores for agent images). */
export function safeImageUrl(value) {
  if (typeof value !== 'string') return null;
  if (/^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(value)) return value;
  const url = safeUrl(value);
  return url && !url.startsWith('mailto:') ? url : null;
}

let nextId = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A short-lived message for screen readers and sighted users alike. */
export function toast(text, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${kind}` }, text);
  region.append(item);
  setTimeout(() => item.remove(), 4000);
}
