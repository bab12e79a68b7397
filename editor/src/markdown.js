// The body's Markdown dialect, read into and written from the editor's
// document (schema.js). The server reads and writes the same text
// (crates/nashir-core/src/markdown.rs and inline.rs); this module follows
// them step by step, so a body the editor writes is the one the server stores
// and would write itself.
//
// Blocks, separated by a blank line (lines are trimmed):
//   `## text`              a subheading: plain text (escapes count, marks do not)
//   `- text`               a list item, one line each (also `– `, `• `, `* `)
//   `> text`               a quote; its consecutive `>` lines are one block
//   `![caption](media:12)` an uploaded image, the whole line
//   anything else          a paragraph; its consecutive lines join with a space
// A line of a paragraph or quote ending in an odd number of backslashes ends
// with a hard line break (`\\` is an escaped backslash).
//
// Inline (paragraphs, quotes, list items, captions): `**strong**`, `*emphasis*`
// or `_emphasis_` (written with `_`, so no run of stars is ever both ends of two
// marks), `[text](href)` with href `http(s)://…`, `mailto:…` or a site path
// `/…` (not `//`); balanced parentheses belong to the href. Runs of `*` or `_`
// pair as in CommonMark with flanking by whitespace alone and its rule of
// three; emphasis does not cross a link's `[`. `\` before ASCII punctuation,
// `–` or `•` gives that character.
//
// Text is handled as Unicode code points (the server's `char`s), so offsets
// agree across the two.

import { schema as defaultSchema } from './schema.js';

// ------------------------------------------------------------ characters

/** Rust's `char::is_whitespace` (Unicode White_Space), not JavaScript's `\s`. */
const WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const isSpace = (c) => c !== undefined && WHITESPACE.test(c);
const isLatin = (c) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isControl = (c) => /^[\u0000-\u001f\u007f-\u009f]$/u.test(c);
const escapable = (c) => c !== undefined && (/^[!-/:-@[-`{-~]$/.test(c) || c === '–' || c === '•');

/** `str::trim`: Unicode whitespace off both ends. */
function trim(s) {
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && isSpace(chars[a])) a += 1;
  while (b > a && isSpace(chars[b - 1])) b -= 1;
  return chars.slice(a, b).join('');
}

const utf8Length = (s) => new TextEncoder().encode(s).length;

// ------------------------------------------------------------------ marks

/** Marks: `{start, end, kind: 'link'|'strong'|'emphasis', href?}`, in code points. */
const RANK = { link: 0, strong: 1, emphasis: 2 };
const sameKind = (a, b) => a.kind === b.kind && (a.kind !== 'link' || a.href === b.href);

/** The longest link address kept. */
export const MAX_HREF = 2000;

/**
 * A link address as stored, or null where links may not go: `http(s)://host…`,
 * `mailto:…` or a site path (`/…` but not `//…`). Characters that would end a
 * Markdown link or break an attribute are percent-encoded; controls dropped.
 */
export function cleanHref(raw) {
  const href = trim(raw);
  const lower = href.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const n = utf8Length(href);
  const allowed =
    (lower.startsWith('http://') && n > 7) ||
    (lower.startsWith('https://') && n > 8) ||
    (lower.startsWith('mailto:') && n > 7) ||
    (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\'));
  if (!allowed || n > MAX_HREF) return null;
  const codes = { ' ': '%20', '"': '%22', '(': '%28', ')': '%29', '<': '%3C', '>': '%3E', '\\': '%5C' };
  let out = '';
  for (const c of href) {
    if (codes[c]) out += codes[c];
    else if (!isControl(c)) out += c;
  }
  return out;
}

/** An embedded thing's address as stored: `http(s)://…` only, cleaned as links are. */
export function cleanEmbedUrl(raw) {
  const url = cleanHref(raw);
  if (url === null) return null;
  const lower = url.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.startsWith('https://') || lower.startsWith('http://') ? url : null;
}

/**
 * The canonical form of `marks` over `chars`: inside the text, trimmed of
 * whitespace, links to allowed places only, touching marks of one kind
 * merged, no two crossing (the one that opens first stays), none inside one
 * of its own family, outermost first.
 */
export function normalize(chars, marks) {
  if (marks.length === 0) return [];
  const kept = [];
  for (const m of marks) {
    let start = m.start;
    let end = Math.min(m.end, chars.length);
    // Inside a Latin word a mark takes the whole word (`_` cannot stand there).
    const latin = (i) => isLatin(chars[i]);
    while (start > 0 && start < end && latin(start - 1) && latin(start)) start -= 1;
    while (end < chars.length && start < end && latin(end - 1) && latin(end)) end += 1;
    while (start < end && isSpace(chars[start])) start += 1;
    while (end > start && isSpace(chars[end - 1])) end -= 1;
    let mark = { start, end, kind: m.kind };
    if (m.kind === 'link') {
      const href = cleanHref(m.href);
      if (href === null) continue;
      mark = { ...mark, href };
    }
    if (start < end) kept.push(mark);
  }
  const hrefOf = (m) => (m.kind === 'link' ? m.href : '');
  kept.sort((a, b) => RANK[a.kind] - RANK[b.kind] || compare(hrefOf(a), hrefOf(b)) || a.start - b.start);
  const merged = [];
  for (const m of kept) {
    const last = merged[merged.length - 1];
    if (last && sameKind(last, m) && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  merged.sort((a, b) => a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind]);
  const out = [];
  const open = [];
  for (const m of merged) {
    while (open.length && out[open[open.length - 1]].end <= m.start) open.pop();
    const crosses = open.length > 0 && out[open[open.length - 1]].end < m.end;
    const nestedInKin = open.some((i) => out[i].kind === m.kind);
    if (!crosses && !nestedInKin) {
      open.push(out.length);
      out.push(m);
    }
  }
  return out;
}

/** Rust's `str` order (UTF-8 bytes, which is code point order). */
function compare(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * Marked text in reading order: `{text}`, `{br: true}`, `{open: mark}`,
 * `{close: mark}`; `marks` in canonical form.
 */
export function pieces(chars, marks) {
  const out = [];
  const open = [];
  let next = 0;
  let pos = 0;
  const emit = (from, to) => {
    const run = chars.slice(from, to).join('');
    run.split('\n').forEach((line, i) => {
      if (i > 0) out.push({ br: true });
      if (line !== '') out.push({ text: line });
    });
  };
  for (;;) {
    const closeAt = open.length ? open[open.length - 1].end : null;
    const openAt = next < marks.length ? marks[next].start : null;
    if (closeAt === null && openAt === null) break;
    const step = closeAt === null ? openAt : openAt === null ? closeAt : Math.min(closeAt, openAt);
    emit(pos, step);
    pos = step;
    while (open.length && open[open.length - 1].end === pos) out.push({ close: open.pop() });
    while (next < marks.length && marks[next].start === pos) {
      out.push({ open: marks[next] });
      open.push(marks[next]);
      next += 1;
    }
  }
  emit(pos, chars.length);
  return out;
}

// ------------------------------------------------------------ inline: read

/** After a `]` at `chars[i]`: `(href)` → [clean href, characters read], or null. */
function linkTarget(chars, i) {
  if (chars[i] !== '(') return null;
  let depth = 0;
  let close = -1;
  // An address is at most MAX_HREF long (before encoding): look no further.
  for (let k = i + 1; k < Math.min(chars.length, i + 2 + MAX_HREF); k++) {
    const c = chars[k];
    if (c === '(') depth += 1;
    else if (c === ')' && depth === 0) {
      close = k;
      break;
    } else if (c === ')') depth -= 1;
    else if (isSpace(c)) return null;
  }
  if (close < 0) return null;
  const href = cleanHref(chars.slice(i + 1, close).join(''));
  return href === null ? null : [href, close - i + 1];
}

/**
 * How far down the open delimiters a closer looks for its opener. Markup nests a
 * few deep; the bound keeps a page of stray stars linear.
 */
const LOOK_BACK = 64;

/** One inline span of Markdown → `{chars, marks}`: its plain text and canonical marks. */
export function parseInline(source) {
  const chars = Array.from(source);
  const items = [];
  const stack = []; // open delimiters, as indexes into items
  const links = []; // where the live `[`s are in the stack
  const found = []; // [opening item, closing item, mark]
  let text = '';
  const flush = () => {
    if (text) items.push({ t: 'text', s: text });
    text = '';
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\' && escapable(chars[i + 1])) {
      text += chars[i + 1];
      i += 2;
    } else if (c === '*' || c === '_') {
      const start = i;
      while (chars[i] === c) i += 1;
      const run = i - start;
      // `_` inside a Latin word is text (`file_name_here`).
      const inWord = c === '_' && isLatin(chars[start - 1]) && isLatin(chars[i]);
      const canOpen = chars[i] !== undefined && !isSpace(chars[i]) && !inWord;
      const canClose = start > 0 && !isSpace(chars[start - 1]) && !inWord;
      flush();
      const me = items.length;
      const both = canOpen && canClose;
      items.push({ t: 'stars', ch: c, run, both, closed: 0, opened: 0 });
      let left = run;
      if (canClose) {
        while (left > 0) {
          // The nearest opener not behind a link's `[`, whose pairing the rule
          // of three allows.
          let pos = -1;
          const floor = Math.max(0, stack.length - LOOK_BACK);
          for (let k = stack.length - 1; k >= floor; k--) {
            const o = items[stack[k]];
            if (o.t !== 'stars') {
              if (o.dead) continue;
              pos = k;
              break;
            }
            const three = (both || o.both) && (o.run + run) % 3 === 0 && !(o.run % 3 === 0 && run % 3 === 0);
            if (o.ch === c && o.run > o.opened + o.closed && !three) {
              pos = k;
              break;
            }
          }
          if (pos < 0) break;
          const opener = items[stack[pos]];
          if (opener.t !== 'stars') break; // a `[`: emphasis does not cross into a link
          // Stars it closed with are gone too (a run can close and open).
          const have = opener.run - opener.opened - opener.closed;
          const used = have >= 2 && left >= 2 ? 2 : 1;
          found.push([stack[pos], me, { kind: used === 2 ? 'strong' : 'emphasis' }]);
          opener.opened += used;
          items[me].closed += used;
          left -= used;
          // Delimiters between the pair stay text.
          stack.length = pos + 1;
          if (have === used) stack.pop();
        }
      }
      if (canOpen && left > 0) stack.push(me);
    } else if (c === '[') {
      flush();
      links.push(stack.length);
      stack.push(items.length);
      items.push({ t: 'link-open', used: false, dead: false });
      i += 1;
    } else if (c === ']' && links.length && linkTarget(chars, i + 1)) {
      const [href, len] = linkTarget(chars, i + 1);
      const pos = links[links.length - 1];
      flush();
      const o = stack[pos];
      items[o].used = true;
      found.push([o, items.length, { kind: 'link', href }]);
      items.push({ t: 'link-end' });
      // What opened inside stays text, and no link opens around this one.
      stack.length = pos;
      links.pop();
      for (const outer of links) items[stack[outer]].dead = true;
      links.length = 0;
      i += 1 + len;
    } else {
      text += c;
      i += 1;
    }
  }
  flush();
  // Lay the items out: unused delimiters are text; a mark starts after its
  // opening run's leftover stars and ends before its closing run's.
  const out = [];
  const starts = [];
  const ends = [];
  items.forEach((item, k) => {
    ends[k] = out.length;
    let literal = '';
    if (item.t === 'text') literal = item.s;
    else if (item.t === 'stars') literal = item.ch.repeat(item.run - item.closed - item.opened);
    else if (item.t === 'link-open' && !item.used) literal = '[';
    for (const ch of literal) out.push(ch);
    starts[k] = out.length;
  });
  const marks = found.map(([o, c, mark]) => ({ ...mark, start: starts[o], end: ends[c] }));
  return tidy(out, marks);
}

/**
 * The text without the whitespace markup left at its ends or beside a line
 * break (which lines, being trimmed, could not keep), its marks moved with it.
 */
function tidy(chars, marks) {
  const n = chars.length;
  const spacing = (c) => c !== '\n' && isSpace(c);
  let first = chars.findIndex((c) => !isSpace(c));
  if (first < 0) first = n;
  let end = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (!isSpace(chars[i])) {
      end = i + 1;
      break;
    }
  }
  // The nearest character that is not spacing, before and after each place
  // (in one pass each way: a paragraph may be long).
  const before = new Array(n);
  const after = new Array(n);
  let seen;
  for (let i = 0; i < n; i++) {
    before[i] = seen;
    if (!spacing(chars[i])) seen = chars[i];
  }
  seen = undefined;
  for (let i = n - 1; i >= 0; i--) {
    after[i] = seen;
    if (!spacing(chars[i])) seen = chars[i];
  }
  const spare = (i) => {
    const c = chars[i];
    if (!isSpace(c)) return false;
    if (i < first || i >= end) return true;
    return c !== '\n' && (before[i] === '\n' || after[i] === '\n');
  };
  const at = [];
  const out = [];
  chars.forEach((c, i) => {
    at.push(out.length);
    if (!spare(i)) out.push(c);
  });
  at.push(out.length);
  const moved = marks.map((m) => ({
    ...m,
    start: at[Math.min(m.start, chars.length)],
    end: at[Math.min(m.end, chars.length)],
  }));
  return { chars: out, marks: normalize(out, moved) };
}

// ----------------------------------------------------------- inline: write

/** Text with the characters inline markup uses escaped. */
export function escapeText(text) {
  return text.replace(/[\\*_[\]]/g, (c) => `\\${c}`);
}

/** A line that would start a block of another kind gets a backslash in front. */
function guardLine(line) {
  return /^[#\-–•>!<]/.test(line) ? `\\${line}` : line;
}

/** Marked text as Markdown; each line after a break starts with `prefix`. */
export function renderInline(chars, marks, prefix) {
  const lines = [''];
  for (const piece of pieces(chars, normalize(chars, marks))) {
    const at = lines.length - 1;
    if (piece.text !== undefined) lines[at] += escapeText(piece.text);
    else if (piece.br) {
      lines[at] += '\\';
      lines.push('');
    } else {
      const mark = piece.open || piece.close;
      if (mark.kind === 'strong') lines[at] += '**';
      else if (mark.kind === 'emphasis') lines[at] += '_';
      else lines[at] += piece.open ? '[' : `](${mark.href})`;
    }
  }
  return lines.map((l, i) => (i === 0 ? '' : prefix) + (prefix === '' ? guardLine(l) : l)).join('\n');
}

// ----------------------------------------------------------------- blocks

/**
 * Blocks as the server keeps them: `{type: 'paragraph'|'quote', chars, marks}`,
 * `{type: 'heading', text}`, `{type: 'list', items: [{chars, marks}]}`,
 * `{type: 'image', media, chars, marks}` (the caption).
 */
export function parseBlocks(text) {
  const blocks = [];
  let paragraph = [];
  let list = [];
  let quote = [];
  const flush = () => {
    const text = (lines) => {
      const parsed = inlineLines(lines);
      return parsed.chars.length ? [parsed] : [];
    };
    if (paragraph.length) blocks.push(...text(paragraph).map((p) => ({ type: 'paragraph', ...p })));
    if (list.length) blocks.push({ type: 'list', items: list });
    if (quote.length) blocks.push(...text(quote).map((q) => ({ type: 'quote', ...q })));
    paragraph = [];
    list = [];
    quote = [];
  };
  for (const raw of String(text).split('\n')) {
    const line = trim(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    let found;
    let item;
    if (line === '') {
      flush();
    } else if ((found = embedLine(line))) {
      flush();
      blocks.push({ type: 'embed', url: found });
    } else if ((found = imageLine(line))) {
      flush();
      blocks.push({ type: 'image', media: found.media, ...parseInline(found.caption) });
    } else if (line.startsWith('##')) {
      flush();
      // Subheadings are plain: their escapes count, their marks do not.
      const heading = parseInline(trim(line.slice(2).replace(/^#+/, ''))).chars.join('');
      if (heading !== '') blocks.push({ type: 'heading', text: heading });
    } else if ((item = listItem(line)) !== null) {
      if (paragraph.length || quote.length) flush();
      const parsed = parseInline(item);
      if (parsed.chars.length) list.push(parsed);
    } else if (line.startsWith('>')) {
      if (paragraph.length || list.length) flush();
      quote.push(trim(line.slice(1)));
    } else {
      if (list.length || quote.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** A list item's text, or null when `line` is not one ('' for a bare marker). */
function listItem(line) {
  if (line === '-' || line === '–' || line === '*' || line === '•') return '';
  for (const marker of ['- ', '– ', '* ', '• ']) {
    if (line.startsWith(marker)) return trim(line.slice(marker.length));
  }
  return null;
}

/** `<https://…>` alone on a line → the embedded thing's address, or null. */
function embedLine(line) {
  if (!line.startsWith('<') || !line.endsWith('>')) return null;
  const url = line.slice(1, -1);
  if (Array.from(url).some(isSpace)) return null;
  return cleanEmbedUrl(url);
}

/** `![caption](media:12)` → {media: 12, caption}. */
function imageLine(line) {
  if (!line.startsWith('![') || !line.endsWith(')')) return null;
  const rest = line.slice(2, -1);
  const at = rest.lastIndexOf('](media:');
  if (at < 0) return null;
  const id = trim(rest.slice(at + '](media:'.length));
  if (!/^[+-]?\d{1,15}$/.test(id)) return null;
  return { media: Number(id), caption: trim(rest.slice(0, at)) };
}

/** A paragraph's or quote's lines as one text: a space between, or a break after `\`. */
function inlineLines(lines) {
  let source = '';
  lines.forEach((line, i) => {
    const trailing = line.length - line.replace(/\\+$/, '').length;
    if (trailing % 2 === 1) source += `${line.slice(0, -1)}\n`;
    else source += line + (i + 1 < lines.length ? ' ' : '');
  });
  return parseInline(source);
}

/** Blocks as the dialect writes them. */
export function renderBlocks(blocks) {
  const oneLine = (chars) => chars.map((c) => (c === '\n' ? ' ' : c));
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return renderInline(b.chars, b.marks, '');
        case 'heading':
          return `## ${guardLine(escapeText(b.text.replace(/\n/g, ' ')))}`;
        case 'list':
          return b.items.map((item) => `- ${renderInline(oneLine(item.chars), item.marks, '')}`).join('\n');
        case 'quote':
          return `> ${renderInline(b.chars, b.marks, '> ')}`;
        case 'image':
          return `![${renderInline(oneLine(b.chars), b.marks, '')}](media:${b.media})`;
        case 'embed': {
          const url = cleanEmbedUrl(b.url);
          return url === null ? '' : `<${url}>`;
        }
        default:
          return '';
      }
    })
    .join('\n\n');
}

// ------------------------------------------------------- editor documents

/** ProseMirror inline nodes for marked text (`\n` a hard break). */
function inlineNodes(schema, { chars, marks }, { breaks = true } = {}) {
  const state = chars.map(() => []);
  for (const m of marks) {
    const mark =
      m.kind === 'link'
        ? schema.marks.link.create({ href: m.href })
        : schema.marks[m.kind === 'strong' ? 'strong' : 'em'].create();
    for (let i = m.start; i < m.end; i++) state[i] = mark.addToSet(state[i]);
  }
  const nodes = [];
  let run = '';
  let runMarks = null;
  const flush = () => {
    if (run) nodes.push(schema.text(run, runMarks));
    run = '';
  };
  chars.forEach((c, i) => {
    if (c === '\n' && breaks) {
      flush();
      nodes.push(schema.nodes.hard_break.create(null, null, state[i]));
      return;
    }
    const ch = c === '\n' ? ' ' : c;
    if (runMarks && !sameSet(runMarks, state[i])) flush();
    runMarks = state[i];
    run += ch;
  });
  flush();
  return nodes;
}

const sameSet = (a, b) => a.length === b.length && a.every((m, i) => m.eq(b[i]));

/**
 * The document for a body in the dialect. `resolveImage(id)` may give an
 * image's `{src, alt}` to show it by.
 */
export function parseMarkdown(text, schema = defaultSchema, { resolveImage = () => ({}) } = {}) {
  const n = schema.nodes;
  const content = [];
  for (const b of parseBlocks(text)) {
    if (b.type === 'paragraph') content.push(n.paragraph.create(null, inlineNodes(schema, b)));
    else if (b.type === 'quote') content.push(n.quote.create(null, inlineNodes(schema, b)));
    else if (b.type === 'heading') content.push(n.heading.create(null, schema.text(b.text)));
    else if (b.type === 'list') {
      const items = b.items.map((item) =>
        n.list_item.create(null, n.paragraph.create(null, inlineNodes(schema, item, { breaks: false }))),
      );
      content.push(n.bullet_list.create(null, items));
    } else if (b.type === 'image') {
      const caption = n.caption.create(null, inlineNodes(schema, b, { breaks: false }));
      content.push(n.image.create({ ...resolveImage(b.media), id: b.media }, caption));
    } else if (b.type === 'embed') {
      content.push(n.embed.create({ url: b.url }));
    }
  }
  if (content.length === 0) content.push(n.paragraph.create());
  return n.doc.create(null, content);
}

const MARK_KINDS = { link: 'link', strong: 'strong', em: 'emphasis' };

/**
 * A textblock's text (hard breaks as `\n`) and its marks, laid out nested:
 * where two marks cross, the one running longer stays whole and the other is
 * cut in two around it (the server keeps marks that never cross).
 */
function markedText(node, { breaks = true } = {}) {
  const chars = [];
  const states = [];
  node.forEach((child) => {
    const state = child.marks
      .filter((m) => MARK_KINDS[m.type.name])
      .map((m) => ({ kind: MARK_KINDS[m.type.name], href: m.attrs.href }));
    if (child.type.name === 'hard_break') {
      chars.push(breaks ? '\n' : ' ');
      states.push(state);
    } else if (child.isText) {
      for (const raw of child.text) {
        const c = raw === '\n' || raw === '\r' ? ' ' : raw;
        // A line starts trimmed: the reader would drop these.
        if (isSpace(c) && chars[chars.length - 1] === '\n') continue;
        chars.push(c);
        states.push(state);
      }
    }
  });
  // Whitespace off the ends (line breaks stay: the server keeps them).
  let a = 0;
  let b = chars.length;
  while (a < b && chars[a] !== '\n' && isSpace(chars[a])) a += 1;
  while (b > a && chars[b - 1] !== '\n' && isSpace(chars[b - 1])) b -= 1;
  const text = chars.slice(a, b);
  const marksAt = states.slice(a, b);
  const has = (i, m) => (marksAt[i] || []).some((x) => sameKind(x, m));
  const extent = (i, m) => {
    let j = i;
    while (j < text.length && has(j, m)) j += 1;
    return j - i;
  };
  const marks = [];
  const active = [];
  for (let i = 0; i <= text.length; i++) {
    const want = marksAt[i] || [];
    let keep = 0;
    while (keep < active.length && want.some((m) => sameKind(m, active[keep]))) keep += 1;
    while (active.length > keep) marks.push({ ...active.pop(), end: i });
    const missing = want
      .filter((m) => !active.some((x) => sameKind(x, m)))
      .sort((x, y) => extent(i, y) - extent(i, x) || RANK[x.kind] - RANK[y.kind]);
    for (const m of missing) active.push({ ...m, start: i });
  }
  // As the reader leaves it: no whitespace at the ends or beside a break.
  return tidy(text, marks);
}

/** A document as blocks (empty ones left out: the server never keeps them). */
export function docToBlocks(doc) {
  const blocks = [];
  const hasText = (chars) => chars.some((c) => !isSpace(c));
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'paragraph':
      case 'quote': {
        const inline = markedText(node);
        if (hasText(inline.chars)) blocks.push({ type: node.type.name, ...inline });
        break;
      }
      case 'heading': {
        const text = trim(node.textContent.replace(/\n/g, ' '));
        if (text) blocks.push({ type: 'heading', text });
        break;
      }
      case 'bullet_list': {
        const items = [];
        node.forEach((item) => {
          const inline = markedText(item.firstChild, { breaks: false });
          if (hasText(inline.chars)) items.push(inline);
        });
        if (items.length) blocks.push({ type: 'list', items });
        break;
      }
      case 'image':
        blocks.push({ type: 'image', media: node.attrs.id, ...markedText(node.firstChild, { breaks: false }) });
        break;
      case 'embed': {
        const url = cleanEmbedUrl(node.attrs.url);
        if (url !== null) blocks.push({ type: 'embed', url });
        break;
      }
      default:
        break;
    }
  });
  return blocks;
}

// Each block's Markdown, by node: nodes never change, and a new document
// shares the ones an edit left alone, so typing rewrites one block, not all.
const written = new WeakMap();

/** A document as a body in the dialect. */
export function serializeMarkdown(doc) {
  const parts = [];
  doc.forEach((node) => {
    let text = written.get(node);
    if (text === undefined) {
      const blocks = docToBlocks(node.type.schema.nodes.doc.create(null, node));
      text = blocks.length ? renderBlocks(blocks) : '';
      written.set(node, text);
    }
    if (text !== '') parts.push(text);
  });
  return parts.join('\n\n');
}
