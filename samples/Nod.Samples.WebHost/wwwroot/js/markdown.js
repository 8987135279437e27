// A small markdown renderer that is safe by construction: it builds DOM nodes and sets all text as text, so HTML in a
// message is shown as written, never interpreted. Links and autolinks keep only http, https and mailto URLs.
// Supports: paragraphs (a newline is a line break), # headings, **bold**, *italic*, ~~strike~~, `code`, fenced code
// blocks, > quotes, - and 1. lists (nested by indentation), | tables |, --- rules, [links](https://…) and bare URLs.

import { h, safeUrl } from './dom.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST = /^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** Renders markdown into a fragment of safe DOM nodes. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  if (typeof text !== 'string' || text.length === 0) return fragment;
  for (const node of blocks(text.replace(/\r\n?/g, '\n').split('\n'))) fragment.append(node);
  return fragment;
}

/** A `div.md` holding the rendered markdown. */
export function markdownBlock(text, className = '') {
  const block = h('div', { class: `md ${className}`.trim() });
  block.append(renderMarkdown(text));
  return block;
}

const isBlank = (line) => line.trim() === '';
const isWordChar = (c) => /[\p{L}\p{N}]/u.test(c);
const indentOf = (line) => line.length - line.trimStart().length;

function startsBlock(line, next) {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST.test(line) || isTableStart(line, next);
}

function isTableStart(line, next) {
  if (!line.includes('|') || next === undefined || !TABLE_DELIMITER.test(next) || !next.includes('-')) return false;
  return splitRow(line).length === splitRow(next).length;
}

function blocks(lines) {
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i += 1;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body = [];
      i += 1;
      while (i < lines.length && !(lines[i].trim().startsWith(marker) && lines[i].trim().replaceAll(marker[0], '') === '')) {
        body.push(lines[i]);
        i += 1;
      }
      i += 1;
      const code = h('code', fence[2] ? { class: `language-${fence[2]}` } : {}, body.join('\n'));
      out.push(h('pre', {}, code));
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      // Message headings sit inside the page: #… ###### map to h3 … h6.
      const level = Math.min(6, heading[1].length + 2);
      out.push(h(`h${level}`, {}, inline(heading[2])));
      i += 1;
      continue;
    }

    if (RULE.test(line)) {
      out.push(h('hr'));
      i += 1;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && QUOTE.test(lines[i])) {
        inner.push(QUOTE.exec(lines[i])[1]);
        i += 1;
      }
      out.push(h('blockquote', {}, blocks(inner)));
      continue;
    }

    if (LIST.test(line)) {
      const [list, next] = listAt(lines, i);
      out.push(list);
      i = next;
      continue;
    }

    if (isTableStart(line, lines[i + 1])) {
      const [table, next] = tableAt(lines, i);
      out.push(table);
      i = next;
      continue;
    }

    const paragraph = [line.trim()];
    i += 1;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i], lines[i + 1])) {
      paragraph.push(lines[i].trim());
      i += 1;
    }
    out.push(h('p', {}, inline(paragraph.join('\n'))));
  }
  return out;
}

function listAt(lines, start) {
  const first = LIST.exec(lines[start]);
  const baseIndent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const isSibling = (line) => {
    const match = LIST.exec(line);
    return match !== null && match[1].length === baseIndent && /\d/.test(match[2]) === ordered;
  };

  const items = [];
  let i = start;
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      let j = i;
      while (j < lines.length && isBlank(lines[j])) j += 1;
      if (j < lines.length && isSibling(lines[j])) i = j;
      else break;
    }
    if (!isSibling(lines[i])) break;
    const match = LIST.exec(lines[i]);
    const contentIndent = match[1].length + match[2].length + 1;
    const itemLines = [match[3]];
    i += 1;
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) {
        const next = lines[i + 1];
        if (next !== undefined && !isBlank(next) && indentOf(next) > baseIndent && !isSibling(next)) {
          itemLines.push('');
          i += 1;
          continue;
        }
        break;
      }
      const nested = LIST.exec(line);
      if (nested && nested[1].length <= baseIndent) break;
      if (indentOf(line) > baseIndent) {
        itemLines.push(line.slice(Math.min(indentOf(line), contentIndent)));
        i += 1;
        continue;
      }
      if (!startsBlock(line, lines[i + 1])) {
        itemLines.push(line.trim());
        i += 1;
        continue;
      }
      break;
    }
    items.push(itemLines);
  }

  const list = h(ordered ? 'ol' : 'ul');
  const startNumber = ordered ? parseInt(first[2], 10) : 1;
  if (ordered && startNumber !== 1) list.setAttribute('start', String(startNumber));
  for (const itemLines of items) {
    const content = blocks(itemLines);
    // A tight item (one paragraph) shows its text without the paragraph's margins.
    const li = h('li');
    for (const node of content) {
      if (node.tagName === 'P' && content.length <= 2 && content[0] === node) li.append(...node.childNodes);
      else li.append(node);
    }
    list.append(li);
  }
  return [list, i];
}

function splitRow(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells = [];
  let cell = '';
  for (let i = 0; i < row.length; i += 1) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '|';
      i += 1;
    } else if (row[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += row[i];
    }
  }
  cells.push(cell.trim());
  return cells;
}

function tableAt(lines, start) {
  const header = splitRow(lines[start]);
  const alignments = splitRow(lines[start + 1]).map((cell) => {
    if (cell.startsWith(':') && cell.endsWith(':')) return 'center';
    if (cell.endsWith(':')) return 'right';
    return null;
  });
  const cellProps = (column) => (alignments[column] ? { class: `align-${alignments[column]}` } : {});
  const head = h('thead', {}, h('tr', {}, header.map((cell, column) => h('th', { scope: 'col', ...cellProps(column) }, inline(cell)))));
  const body = h('tbody');
  let i = start + 2;
  while (i < lines.length && !isBlank(lines[i]) && lines[i].includes('|')) {
    const cells = splitRow(lines[i]);
    body.append(h('tr', {}, header.map((_, column) => h('td', cellProps(column), inline(cells[column] ?? '')))));
    i += 1;
  }
  return [h('div', { class: 'table-scroll' }, h('table', {}, head, body)), i];
}

/** Finds the closing delimiter that is not preceded by whitespace (and, for single * or _, not part of a pair). */
function findClose(text, delimiter, from) {
  let at = text.indexOf(delimiter, from);
  while (at !== -1) {
    const before = text[at - 1];
    const single = delimiter.length === 1;
    const doubled = single && (text[at + 1] === delimiter || before === delimiter);
    const intraword = delimiter === '_' && isWordChar(text[at + 1] ?? '');
    if (at > from && !/\s/.test(before) && !doubled && !intraword) return at;
    at = text.indexOf(delimiter, at + (doubled ? 2 : 1));
  }
  return -1;
}

function parseLink(text, start) {
  let depth = 0;
  let i = start;
  for (; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '[') depth += 1;
    else if (text[i] === ']') {
      depth -= 1;
      if (depth === 0) break;
    }
  }
  if (i >= text.length || text[i + 1] !== '(') return null;
  const label = text.slice(start + 1, i);
  let j = i + 2;
  let parens = 0;
  let url = '';
  while (j < text.length) {
    const c = text[j];
    if (c === '(') parens += 1;
    if (c === ')') {
      if (parens === 0) break;
      parens -= 1;
    }
    if (/\s/.test(c)) break;
    url += c;
    j += 1;
  }
  // An optional "title" after the URL is read and ignored.
  const rest = /^\s+(?:"[^"]*"|'[^']*')\s*\)/.exec(text.slice(j));
  if (rest) j += rest[0].length - 1;
  if (text[j] !== ')') return null;
  return { label, url, end: j + 1 };
}

function link(href, children) {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, children);
}

function inline(text) {
  const out = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push(document.createTextNode(buffer));
    buffer = '';
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];

    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }

    if (c === '\n') {
      flush();
      out.push(h('br'));
      i += 1;
      continue;
    }

    if (c === '`') {
      let ticks = 1;
      while (text[i + ticks] === '`') ticks += 1;
      const marker = '`'.repeat(ticks);
      const close = text.indexOf(marker, i + ticks);
      if (close !== -1) {
        flush();
        let code = text.slice(i + ticks, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        out.push(h('code', {}, code));
        i = close + ticks;
        continue;
      }
      buffer += marker;
      i += ticks;
      continue;
    }

    const pair = text.slice(i, i + 2);
    if (pair === '**' || pair === '__' || pair === '~~') {
      // Underscores inside words (snake_case, __init__) are not emphasis.
      const intraword = pair === '__' && i > 0 && isWordChar(text[i - 1]);
      let close = intraword ? -1 : text.indexOf(pair, i + 2);
      while (close !== -1 && pair === '__' && isWordChar(text[close + 2] ?? '')) close = text.indexOf(pair, close + 1);
      if (close > i + 2 && !/\s/.test(text[i + 2]) && !/\s/.test(text[close - 1])) {
        flush();
        out.push(h(pair === '~~' ? 'del' : 'strong', {}, inline(text.slice(i + 2, close))));
        i = close + 2;
        continue;
      }
    }

    if ((c === '*' || c === '_') && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      const leftOk = c === '*' || i === 0 || !isWordChar(text[i - 1]);
      const close = leftOk ? findClose(text, c, i + 1) : -1;
      if (close !== -1) {
        flush();
        out.push(h('em', {}, inline(text.slice(i + 1, close))));
        i = close + 1;
        continue;
      }
    }

    if (c === '[' || (c === '!' && text[i + 1] === '[')) {
      const image = c === '!';
      const parsed = parseLink(text, image ? i + 1 : i);
      if (parsed) {
        flush();
        const href = safeUrl(parsed.url);
        // Images in messages come as image_url; a markdown image is shown as a link to it.
        const label = inline(parsed.label || (image ? 'image' : parsed.url));
        out.push(href ? link(href, label) : h('span', { class: 'unsafe-link', title: 'Link removed: not an http(s) URL' }, label));
        i = parsed.end;
        continue;
      }
    }

    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i));
      if (auto) {
        flush();
        const href = safeUrl(auto[1]);
        out.push(href ? link(href, auto[1]) : document.createTextNode(auto[0]));
        i += auto[0].length;
        continue;
      }
    }

    if ((c === 'h' || c === 'H') && (i === 0 || /[\s(]/.test(text[i - 1]))) {
      const bare = /^https?:\/\/[^\s<>]+/i.exec(text.slice(i));
      if (bare) {
        const url = bare[0].replace(/[.,;:!?'")\]]+$/, '');
        const href = safeUrl(url);
        if (href) {
          flush();
          out.push(link(href, url));
          i += url.length;
          continue;
        }
      }
    }

    buffer += c;
    i += 1;
  }
  flush();
  return out;
}
