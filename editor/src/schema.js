// The editor's document: exactly what the body's Markdown dialect can say
// (markdown.js), and nothing more, so every document round-trips.
//
//   paragraph  inline content: text with strong, emphasis, link; hard breaks
//   heading    a subheading: plain text, no marks (`## text`)
//   quote      one quotation block, inline content like a paragraph (`> text`)
//   bullet_list > list_item > paragraph   one line per item (`- text`)
//   image > caption   an uploaded picture (`![caption](media:ID)`); the
//              caption is text with marks, no hard breaks
//
// The words it shows (a missing picture, an embed's label) are the page's (words.js).
//
// Pasted HTML is cleaned first (paste.js), so the parse rules below only see
// plain tags; they stay permissive anyway (drag and drop inside the editor, or
// a browser that skips transformPastedHTML).

import { Schema } from 'prosemirror-model';

import { safeHref } from './links.js';
import { words } from './words.js';

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'text*',
      marks: '',
      defining: true,
      parseDOM: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => ({ tag })),
      toDOM: () => ['h2', 0],
    },
    quote: {
      group: 'block',
      content: 'inline*',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: () => ['blockquote', 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }, { tag: 'ol' }],
      toDOM: () => ['ul', 0],
    },
    list_item: {
      content: 'paragraph',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    // Not a textblock itself (its caption is), so turning the selected
    // blocks into subheadings or quotes never turns a picture into text.
    image: {
      group: 'block',
      content: 'caption',
      isolating: true,
      draggable: true,
      attrs: { id: {}, src: { default: '' }, alt: { default: '' } },
      parseDOM: [
        {
          tag: 'figure[data-media]',
          contentElement: 'figcaption',
          getAttrs(dom) {
            const id = Number(dom.getAttribute('data-media'));
            if (!Number.isSafeInteger(id) || id <= 0) return false;
            const img = dom.querySelector('img');
            return { id, src: img?.getAttribute('src') || '', alt: img?.getAttribute('alt') || '' };
          },
        },
      ],
      toDOM(node) {
        const { id, src, alt } = node.attrs;
        const picture = src
          ? ['img', { src, alt, draggable: 'false' }]
          : ['span', { class: 'rich-image-missing' }, words.say('nr-rich-missing-image', { id })];
        return [
          'figure',
          { class: 'rich-image', 'data-media': String(id) },
          ['div', { class: 'rich-image-frame', contenteditable: 'false' }, picture],
          ['figcaption', 0],
        ];
      },
    },
    // Something shown from another site (`<https://…>` alone on a line): an
    // address the page links to, to be rendered by a later embeds feature.
    embed: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: { url: {} },
      parseDOM: [{ tag: 'figure[data-embed]', getAttrs: (dom) => ({ url: dom.getAttribute('data-embed') || '' }) }],
      toDOM: (node) => [
        'figure',
        { class: 'rich-embed', 'data-embed': node.attrs.url, contenteditable: 'false' },
        ['span', { class: 'rich-embed-label' }, words.say('nr-rich-embedded')],
        ['span', { class: 'rich-embed-url', dir: 'ltr' }, node.attrs.url],
      ],
    },
    caption: {
      content: 'text*',
      parseDOM: [{ tag: 'div.rich-caption' }],
      toDOM: () => ['div', { class: 'rich-caption' }, 0],
    },
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  // Order is nesting order: a link holds strong and emphasis, not the other way.
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs(dom) {
            const href = safeHref(dom.getAttribute('href') || '', { mailto: true });
            return href ? { href } : false;
          },
        },
      ],
      toDOM: (mark) => ['a', { href: mark.attrs.href, title: mark.attrs.href }, 0],
    },
    strong: {
      parseDOM: [
        { tag: 'strong' },
        // Google Docs wraps a whole paste in <b style="font-weight:normal">.
        { tag: 'b', getAttrs: (dom) => !/font-weight\s*:\s*(normal|400)/i.test(dom.getAttribute('style') || '') && null },
      ],
      toDOM: () => ['strong', 0],
    },
    em: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }],
      toDOM: () => ['em', 0],
    },
  },
});
