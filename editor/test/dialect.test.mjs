// The editor reads and writes the body's dialect exactly as the server does:
// dialect-cases.json holds Markdown sources with the blocks and the text that
// nashir_core::markdown::parse and render gave for them (see editor/README.md).
// node --test editor/test/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseBlocks, parseInline, parseMarkdown, renderBlocks, serializeMarkdown } from '../src/markdown.js';

const { cases } = JSON.parse(readFileSync(new URL('./dialect-cases.json', import.meta.url), 'utf8'));

/** Blocks as serde writes the server's (`Block`, `Mark`): keys sorted, empty marks left out. */
function asServer(block) {
  const marks = (list) => list.map(({ start, end, kind, href }) => (kind === 'link' ? { end, href, kind, start } : { end, kind, start }));
  const text = (b) => b.chars.join('');
  switch (block.type) {
    case 'paragraph':
    case 'quote':
      return { ...(block.marks.length ? { marks: marks(block.marks) } : {}), text: text(block), type: block.type };
    case 'heading':
      return { text: block.text, type: 'heading' };
    case 'list':
      return {
        items: block.items.map(text),
        ...(block.items.some((i) => i.marks.length) ? { marks: block.items.map((i) => marks(i.marks)) } : {}),
        type: 'list',
      };
    case 'image':
      return { caption: text(block), ...(block.marks.length ? { marks: marks(block.marks) } : {}), media: block.media, type: 'image' };
    case 'embed':
      return { type: 'embed', url: block.url };
    default:
      throw new Error(block.type);
  }
}

/** Objects with their keys sorted, so two serialisations compare. */
const sorted = (value) =>
  JSON.parse(
    JSON.stringify(value, (_, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
    ),
  );

test(`the server's reading of ${cases.length} bodies, block for block and mark for mark`, () => {
  assert.ok(cases.length >= 300);
  for (const { source, blocks } of cases) {
    assert.deepEqual(sorted(parseBlocks(source).map(asServer)), sorted(blocks), JSON.stringify(source));
  }
});

test('the server\'s writing of those blocks, byte for byte', () => {
  for (const { source, render } of cases) {
    assert.equal(renderBlocks(parseBlocks(source)), render, JSON.stringify(source));
  }
});

test('what the editor writes from those bodies, the server reads and writes back unchanged', () => {
  for (const { source } of cases) {
    const written = serializeMarkdown(parseMarkdown(source));
    assert.equal(renderBlocks(parseBlocks(written)), written, JSON.stringify(source));
  }
});

test('a star run that closes and then opens counts the stars it used (no negative run)', () => {
  // The middle `***` closes the `*` before it with one star and opens with the
  // two it has left, which the last run closes: _emphasis_ «_», strong «a», «*».
  const { chars, marks } = parseInline('*_***a***');
  assert.equal(chars.join(''), '_a*');
  assert.deepEqual(marks, [
    { kind: 'emphasis', start: 0, end: 1 },
    { kind: 'strong', start: 1, end: 2 },
  ]);
});
