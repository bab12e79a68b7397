// Pasted HTML (Word, Google Docs, a web page) cleaned to what the body can
// hold before the editor reads it: subheadings (any h1–h6), paragraphs, list
// items (Word's MsoListParagraph paragraphs too, their bullet glyphs gone),
// quotes, links, bold and italics (as tags or as font-weight / font-style,
// but not Google Docs' `<b style="font-weight:normal" id="docs-internal-guid…">`
// wrapper), and images only when they are this site's own uploads. Fonts,
// colours, classes, spans, comments, Word's conditional markup and `mso-`
// styles, `o:p`, scripts, tracking parameters and everything else are left
// behind.

import { safeHref } from './links.js';

/** Elements whose content is never text of the article. */
const DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'video', 'audio',
  'canvas', 'input', 'button', 'select', 'textarea', 'option', 'head', 'title', 'meta', 'link', 'xml',
  'o:p', 'map', 'area', 'picture', 'source', 'track', 'dialog', 'form', 'nashir-style',
]);
/** Elements that end the block before them and start one. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'address', 'dd', 'dt', 'td',
  'th', 'caption', 'figcaption', 'pre', 'center', 'figure', 'details', 'summary', 'table', 'tr', 'hr', 'dl',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_hs[a-z]+|yclid)$/i;
/** A Word list paragraph's bullet or number, when it is text. */
const LIST_GLYPH = /^\s*(?:[·•▪◦○■□§o*\-–—]|\d{1,3}[.)-]|[a-zA-Z][.)]|[ivxIVX]{1,5}[.)]|[\u0660-\u0669]{1,3}[.)-])\s+/u;

/**
 * `html` with its `style` attributes and elements renamed before it is
 * parsed: the page's Content-Security-Policy (`style-src 'self'`) reports
 * every inline style it meets, even in a document that is never shown. The
 * names are only looked at inside tags; text never holds a raw `<`.
 */
function defuse(html) {
  return html
    .replace(/<(\/?)style\b/gi, '<$1nashir-style')
    .replace(/<[a-zA-Z][^<>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, '$1data-nashir-style$2'));
}

function styleOf(el) {
  return (el.getAttribute('data-nashir-style') || '').toLowerCase().replace(/\s+/g, '');
}

/** Bold as the element sets it: true, false (explicitly normal) or null (inherits). */
function boldOf(el, tag, style) {
  const weight = /(?:^|;)font-weight:([^;]+)/.exec(style)?.[1];
  if (weight) {
    if (/^(bold|bolder|[6-9]00)/.test(weight)) return true;
    if (/^(normal|lighter|[1-5]00)/.test(weight)) return false;
  }
  if (tag === 'b' || tag === 'strong') return true;
  return null;
}

function italicOf(el, tag, style) {
  const fontStyle = /(?:^|;)font-style:([^;]+)/.exec(style)?.[1];
  if (fontStyle) {
    if (/^(italic|oblique)/.test(fontStyle)) return true;
    if (/^normal/.test(fontStyle)) return false;
  }
  if (tag === 'i' || tag === 'em') return true;
  return null;
}

function isHidden(style) {
  return /(?:^|;)(display:none|visibility:hidden|mso-hide:all)/.test(style);
}

/** Word's list paragraphs: by class, or by an `mso-list` style naming a list. */
function isWordListParagraph(el, style) {
  return /MsoListParagraph/i.test(el.getAttribute('class') || '') || /(?:^|;)mso-list:l\d/.test(style);
}

/** A link's target without tracking, or null when the body cannot keep it. */
export function cleanHref(raw, origin) {
  let href = safeHref(raw, { mailto: true });
  if (!href || !/^https?:/i.test(href)) return href;
  let url = new URL(href);
  // Google's redirect wrapper (Docs, search results): the real target.
  if (/(^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url') {
    const target = safeHref(url.searchParams.get('q') || url.searchParams.get('url') || '');
    if (!target || !/^https?:/i.test(target)) return target;
    url = new URL(target);
  }
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING.test(key)) url.searchParams.delete(key);
  }
  href = url.href.replace(/\?$/, '');
  // A link to this site is a site path (readers follow it on whatever host).
  if (origin && url.origin === origin) href = url.pathname + url.search + url.hash;
  return href;
}

/**
 * The blocks of `root`: `{type: 'p'|'h'|'q'|'li', runs, word}` with runs of
 * `{text, bold, italic, href}` or `{br: true}`, and `{type: 'img', id, src, alt}`.
 */
function collect(root, origin) {
  const blocks = [];
  let current = null;
  const end = () => {
    if (current) blocks.push(current);
    current = null;
  };
  const start = (type, word = false) => {
    end();
    current = { type, runs: [], word };
  };
  const walk = (node, state) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const text = child.data.replace(/[\s\u00a0\ufeff]+/g, ' ');
        if (text === '') continue;
        if (!current) start(state.block);
        current.runs.push({ text, bold: !!state.bold, italic: !!state.italic, href: state.href });
        continue;
      }
      if (child.nodeType !== 1) continue; // comments, Word's <![if …]> among them
      const el = child;
      const tag = el.localName.toLowerCase();
      const style = styleOf(el);
      if (DROP.has(tag) || tag.includes(':') || isHidden(style) || /(?:^|;)mso-list:ignore/.test(style)) continue;
      const next = { ...state };
      const bold = boldOf(el, tag, style);
      const italic = italicOf(el, tag, style);
      if (bold !== null) next.bold = bold;
      if (italic !== null) next.italic = italic;
      if (tag === 'br') {
        if (current) current.runs.push({ br: true });
      } else if (tag === 'img') {
        const image = ownImage(el, origin);
        if (image) {
          end();
          blocks.push(image);
        }
      } else if (tag === 'a') {
        const href = cleanHref(el.getAttribute('href') || '', origin);
        if (href) next.href = href;
        walk(el, next);
      } else if (HEADINGS.has(tag)) {
        start('h');
        walk(el, { ...next, block: 'h', bold: false, italic: false });
        end();
      } else if (tag === 'ul' || tag === 'ol') {
        end();
        walk(el, { ...next, block: 'li' });
        end();
      } else if (tag === 'li') {
        start('li');
        walk(el, { ...next, block: 'li', inItem: true });
        end();
      } else if (tag === 'blockquote') {
        end();
        walk(el, { ...next, block: 'q' });
        end();
      } else if (BLOCKS.has(tag)) {
        if (state.inItem) {
          // A paragraph inside a list item: the same item goes on.
          if (current?.runs.length) current.runs.push({ text: ' ', bold: false, italic: false, href: null });
          walk(el, next);
        } else if (tag === 'p' && isWordListParagraph(el, style)) {
          start('li', true);
          walk(el, { ...next, block: 'li' });
          end();
        } else {
          start(state.block === 'q' ? 'q' : 'p');
          walk(el, { ...next, block: state.block === 'q' ? 'q' : 'p' });
          end();
        }
      } else {
        walk(el, next);
      }
    }
  };
  walk(root, { bold: false, italic: false, href: null, block: 'p', inItem: false });
  end();
  return blocks;
}

/** This site's own uploaded image (`/media/ID/…`) as an image block. */
function ownImage(el, origin) {
  const src = el.getAttribute('src') || '';
  let url;
  try {
    url = new URL(src, origin || undefined);
  } catch {
    return null;
  }
  const m = /^\/media\/(\d{1,15})\/[^/]+$/.exec(url.pathname);
  if (!m || (origin && url.origin !== origin)) return null;
  return { type: 'img', id: Number(m[1]), src: url.pathname, alt: el.getAttribute('alt') || '' };
}

/** Runs without whitespace at either end and without a Word bullet glyph. */
function tidy(block) {
  const runs = block.runs;
  if (block.type === 'h') {
    // A subheading is plain text.
    const text = runs.map((r) => (r.br ? ' ' : r.text)).join('');
    block.runs = [{ text, bold: false, italic: false, href: null }];
  }
  if (block.word && runs.length && !runs[0].br) {
    runs[0] = { ...runs[0], text: runs[0].text.replace(LIST_GLYPH, '') };
  }
  const trimmed = [];
  for (const r of block.runs) {
    if (r.br && (trimmed.length === 0 || trimmed[trimmed.length - 1].br)) continue;
    trimmed.push(r);
  }
  while (trimmed.length && trimmed[trimmed.length - 1].br) trimmed.pop();
  block.runs = trimmed;
  return block;
}

/** The cleaned blocks as plain HTML made in `doc`. */
function render(blocks, doc) {
  const out = doc.createElement('div');
  let list = null;
  for (const block of blocks.map((b) => (b.type === 'img' ? b : tidy(b)))) {
    if (block.type === 'img') {
      list = null;
      const figure = doc.createElement('figure');
      figure.setAttribute('data-media', String(block.id));
      const img = doc.createElement('img');
      img.setAttribute('src', block.src);
      img.setAttribute('alt', block.alt);
      figure.append(img, doc.createElement('figcaption'));
      out.append(figure);
      continue;
    }
    if (!block.runs.some((r) => !r.br && r.text.trim() !== '')) continue;
    const tag = { p: 'p', h: 'h2', q: 'blockquote', li: 'li' }[block.type];
    const el = doc.createElement(tag);
    for (const r of block.runs) {
      if (r.br) {
        el.append(doc.createElement('br'));
        continue;
      }
      let node = doc.createTextNode(r.text);
      if (r.italic) node = wrap(doc, 'em', node);
      if (r.bold) node = wrap(doc, 'strong', node);
      if (r.href) {
        node = wrap(doc, 'a', node);
        node.setAttribute('href', r.href);
      }
      el.append(node);
    }
    if (block.type === 'li') {
      if (!list) {
        list = doc.createElement('ul');
        out.append(list);
      }
      list.append(el);
    } else {
      list = null;
      out.append(el);
    }
  }
  return out.innerHTML;
}

function wrap(doc, tag, child) {
  const el = doc.createElement(tag);
  el.append(child);
  return el;
}

/**
 * `html` from the clipboard (or a drop) cleaned for the editor. `origin` is
 * this site's, whose links become site paths and whose images are kept.
 */
export function cleanPastedHTML(html, origin = globalThis.location?.origin) {
  // Copied in an editor of this kind (this one): its structure is the
  // schema's already, and the editor needs the slice's depths it carries.
  if (/\sdata-pm-slice=/.test(html)) return html;
  // Never rendered: a document of its own, where nothing loads or runs.
  const doc = new DOMParser().parseFromString(defuse(html), 'text/html');
  return render(collect(doc.body, origin), doc);
}
