// The body's Markdown dialect as the editor reads and writes it (src/markdown.js):
// node --test editor/test/

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { cleanHref, docToBlocks, parseBlocks, parseInline, parseMarkdown, renderBlocks, serializeMarkdown } from '../src/markdown.js';
import { schema } from '../src/schema.js';

const { paragraph, heading, quote, bullet_list, list_item, image, caption, hard_break } = schema.nodes;
const t = (text, ...marks) =>
  schema.text(
    text,
    marks.map((m) => (typeof m === 'string' ? schema.marks[m].create() : schema.marks.link.create({ href: m.href }))),
  );
const doc = (...blocks) => schema.nodes.doc.create(null, blocks);
const p = (...content) => paragraph.create(null, content);
const img = (id, ...content) => image.create({ id }, caption.create(null, content));
const ul = (...items) => bullet_list.create(null, items.map((i) => list_item.create(null, p(...i))));
const encodeHref = (href) => cleanHref(href) ?? href;

/** Texts the writer must give back exactly (they are what it, and the server, write). */
const CANONICAL = [
  'قال الوزير إن **الموازنة** ستُعرض على _البرلمان_ الأسبوع المقبل.',
  'أعلنت شركة **Apple** عن هاتف iPhone جديد في [مؤتمر صحفي](https://www.apple.com/newsroom/).',
  'ارتفع مؤشر S&P 500 بنسبة 2% وفق [رويترز](https://www.reuters.com/markets/) و[تقرير سابق](/ar/news/12/تقرير).',
  '## العنوان الفرعي: ما الذي تغيّر في 2025؟',
  '- البند الأول مع **كلمة** عريضة\n- البند الثاني مع [رابط](https://example.com/a?b=1&c=2)\n- Third item in English',
  '> «هذا اقتباس» قاله المتحدث باسم الحكومة\\\n> وسطر ثانٍ منه',
  '![الرئيس يصافح **الضيف** في القصر](media:42)',
  'سطر أول\\\nسطر ثانٍ بعد فاصل أسطر',
  '**_مهم جداً_** ثم **عريض _ومائل_ معاً** ثم _مائل **وعريض** معاً_',
  '[رابط **فيه عريض** و_مائل_](https://example.org/path_%28x%29) نهاية',
  'نجمة \\* وشرطة سفلية \\_ وقوسان \\[ \\] وشرطة مائلة عكسية \\\\ في النص',
  '\\- ليس بنداً\n\n\\## ليس عنواناً\n\n\\> ليس اقتباساً\n\n\\!\\[ليست صورة\\](media:3)',
  '\\– ولا هذا\n\n\\• ولا هذا',
  'كلمة**عريضة**داخلها و_مائلة_أيضاً',
  'mail: [اكتب لنا](mailto:desk@news.example)',
  '## C# و\\*\\*نجوم\\*\\* تبقى نصاً',
  '> - في الاقتباس لا حاجة إلى حماية أول السطر، و- هنا نص',
  '![\\#وسم في أول التعليق](media:5)',
  '**عريض يمتد\\\nعلى سطرين**',
];

describe('the Markdown dialect', () => {
  test('canonical texts come back exactly', () => {
    for (const text of CANONICAL) {
      assert.equal(serializeMarkdown(parseMarkdown(text)), text, text);
    }
  });

  test('the blocks and marks read', () => {
    const read = parseMarkdown(
      [
        'فقرة فيها **عريض** و*مائل* و[رابط](https://example.com/x%20y)',
        'تكملة السطر',
        '',
        '## عنوان فرعي',
        '- بند أول',
        '– بند ثان',
        '',
        '> قول\\',
        '> مأثور',
        '',
        '![صورة](media:7)',
      ].join('\n'),
    );
    const expected = doc(
      p(
        t('فقرة فيها '),
        t('عريض', 'strong'),
        t(' و'),
        t('مائل', 'em'),
        t(' و'),
        t('رابط', { href: 'https://example.com/x%20y' }),
        t(' تكملة السطر'),
      ),
      heading.create(null, t('عنوان فرعي')),
      ul([t('بند أول')], [t('بند ثان')]),
      quote.create(null, [t('قول'), hard_break.create(), t('مأثور')]),
      img(7, t('صورة')),
    );
    assert.ok(read.eq(expected), read.toString());
  });

  test('bodies written before inline marks read as they did', () => {
    const read = parseMarkdown('* بند بنجمة\n• بند بنقطة\n-\n\n>اقتباس بلا مسافة\n\n### عنوان بثلاث\n\nفقرة <b>أخيرة</b>');
    assert.equal(
      read.toString(),
      doc(
        ul([t('بند بنجمة')], [t('بند بنقطة')]),
        quote.create(null, t('اقتباس بلا مسافة')),
        heading.create(null, t('عنوان بثلاث')),
        p(t('فقرة <b>أخيرة</b>')),
      ).toString(),
    );
  });

  test('what is not a mark stays text (as the server reads it)', () => {
    const cases = [
      ['2 * 3 * 4', '2 * 3 * 4'],
      ['a ** b', 'a ** b'],
      ['snake_case وحدها', 'snake_case وحدها'],
      ['[ليس رابطاً](javascript:alert(1))', '[ليس رابطاً](javascript:alert(1))'],
      ['[ولا هذا](//evil.example/x)', '[ولا هذا](//evil.example/x)'],
      ['[رابط]( https://x.example )', '[رابط]( https://x.example )'],
      ['[غير متوازن](https://x.example/a(b)', '[غير متوازن](https://x.example/a(b)'],
      ['[مفتوح بلا إغلاق', '[مفتوح بلا إغلاق'],
      ['**بلا إغلاق', '**بلا إغلاق'],
      ['**لا يعبر [القوس** هنا', '**لا يعبر [القوس** هنا'],
      ['شرطة \\ وحدها', 'شرطة \\ وحدها'],
      ['\\*حرفياً\\* و\\\\', '*حرفياً* و\\'],
      ['<b>x</b>', '<b>x</b>'],
    ];
    for (const [text, plain] of cases) {
      const read = parseMarkdown(text);
      assert.equal(read.textContent, plain, text);
      let marked = false;
      read.descendants((n) => {
        if (n.marks.length) marked = true;
      });
      assert.equal(marked, false, `${text} has no marks`);
    }
  });

  test('pages of stray delimiters parse in one pass, as on the server', () => {
    for (const typed of [
      '_ب '.repeat(40000) + 'ب* '.repeat(40000),
      '_ب '.repeat(40000) + '[[ب](/x) '.repeat(20000),
      '](x'.repeat(50000),
      '['.repeat(100000),
    ]) {
      assert.ok(parseInline(typed).chars.length > 0);
    }
  });

  test('inline marks nest the CommonMark way, and hrefs are cleaned', () => {
    const nested = parseInline('*أ**ب**ج* ***د*** [**و**](/ar/x)');
    assert.equal(nested.chars.join(''), 'أبج د و');
    assert.deepEqual(nested.marks, [
      { kind: 'emphasis', start: 0, end: 3 },
      { kind: 'strong', start: 1, end: 2 },
      { kind: 'strong', start: 4, end: 5 },
      { kind: 'emphasis', start: 4, end: 5 },
      { kind: 'link', href: '/ar/x', start: 6, end: 7 },
      { kind: 'strong', start: 6, end: 7 },
    ]);
    const wiki = parseInline('[ويكي](https://w.example/Foo_(bar))');
    assert.deepEqual(wiki.marks, [{ kind: 'link', href: 'https://w.example/Foo_%28bar%29', start: 0, end: 4 }]);
    assert.equal(cleanHref('https://w.example/Foo_(bar) baz'), 'https://w.example/Foo_%28bar%29%20baz');
    assert.equal(cleanHref('/ar/search?q="<x>"\\'), '/ar/search?q=%22%3Cx%3E%22%5C');
    for (const bad of ['javascript:alert(1)', '//evil.example', '/\\evil', 'data:x', 'https://', 'ftp://x', '']) {
      assert.equal(cleanHref(bad), null, bad);
    }
  });

  test('the writer trims, nests, escapes and guards as the server does', () => {
    const written = serializeMarkdown(
      doc(
        p(t('  قال '), t(' عريض ', 'strong'), t('و'), t(' رابط (1) ', { href: '/ar/news/1/a b(c)' }), t('.  ')),
        p(t('# ليس عنواناً * ولا [هذا] ولا _ذاك_')),
        p(t('سطر'), hard_break.create(), t('- آخر')),
        heading.create(null, t('  -وسم   في عنوان ')),
        ul([t('- بند يبدأ بشرطة')], [t('  ')], [t('بند'), hard_break.create(), t('بفاصل')]),
        p(t('عريض ', 'strong'), t('وعريض مائل', 'strong', 'em'), t(' ومائل', 'em')),
        img(9),
      ),
    );
    assert.equal(
      written,
      [
        'قال  **عريض** و [رابط (1)](/ar/news/1/a%20b%28c%29) .',
        '',
        '\\# ليس عنواناً \\* ولا \\[هذا\\] ولا \\_ذاك\\_',
        '',
        'سطر\\',
        '\\- آخر',
        '',
        '## \\-وسم   في عنوان',
        '',
        '- \\- بند يبدأ بشرطة',
        '- بند بفاصل',
        '',
        // Crossing marks: the longer runs whole, the other is cut around it.
        '**عريض _وعريض مائل_** _ومائل_',
        '',
        '![](media:9)',
      ].join('\n'),
    );
  });

  test('an empty body is one empty paragraph, and writes nothing', () => {
    const empty = parseMarkdown('');
    assert.equal(empty.childCount, 1);
    assert.equal(serializeMarkdown(empty), '');
  });
});

// ------------------------------------------------------------ property test

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ...'خبرعاجلفيالقاهرة',
  ...'NewsAPIx',
  ...'0123456789٠١٢',
  ' ', ' ', ' ', ' ', ' ', '\u00a0',
  ...'*[]\\#->!()–•_`~.,:؛،؟«»"\'',
];
const HREFS = ['https://example.com/a', 'https://ar.wikipedia.org/wiki/مصر_(دولة)', '/ar/news/5/خبر', 'mailto:a@b.example', '/'];
const pick = (r, list) => list[Math.floor(r() * list.length)];
const randomText = (r, max) => {
  let text = '';
  const len = 1 + Math.floor(r() * max);
  for (let k = 0; k < len; k++) text += pick(r, ALPHABET);
  return text;
};
const randomMarks = (r) => {
  const marks = [];
  if (r() < 0.3) marks.push({ href: pick(r, HREFS) });
  if (r() < 0.35) marks.push('strong');
  if (r() < 0.35) marks.push('em');
  return marks;
};

/** Any marks on any runs of any characters: crossing, touching, on spaces. */
function chaosInline(r, { breaks }) {
  const nodes = [];
  const runs = 1 + Math.floor(r() * 6);
  for (let i = 0; i < runs; i++) {
    if (breaks && r() < 0.1) nodes.push(hard_break.create());
    else nodes.push(t(randomText(r, 8), ...randomMarks(r)));
  }
  return nodes;
}

/**
 * Marks as a writer puts them: on words and phrases (crossing each other at
 * spaces: bold on «a b», italics on «b c»), and bold or italics on a part of
 * one word (a prefix such as «و» left out), which nests in what covers the
 * word. (Marks crossing inside a word have no spelling the server keeps:
 * those are the next test's.)
 */
function writtenInline(r, { breaks }) {
  const words = [];
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) words.push(randomText(r, 6).replace(/\s/g, '') || 'x');
  const chars = [];
  const starts = [];
  words.forEach((w, i) => {
    if (i > 0) chars.push({ ch: ' ', link: null, strong: false, em: false });
    starts.push(chars.length);
    for (const ch of w) chars.push({ ch, link: null, strong: false, em: false });
  });
  const ends = starts.map((s, i) => s + [...words[i]].length);
  const set = (a, b, key, value) => {
    for (let i = a; i < b; i++) chars[i][key] = value;
  };
  const mark = () => pick(r, [['strong', true], ['em', true], ['link', pick(r, HREFS)]]);
  for (let k = Math.floor(r() * 4); k > 0; k--) {
    let a = Math.floor(r() * n);
    let b = Math.floor(r() * n);
    if (a > b) [a, b] = [b, a];
    set(starts[a], ends[b], ...mark());
  }
  for (let w = 0; w < n; w++) {
    if (r() < 0.3) {
      const len = ends[w] - starts[w];
      let s = starts[w] + Math.floor(r() * len);
      let e = s + 1 + Math.floor(r() * (ends[w] - s));
      // Inside a Latin word a mark takes the whole word, as the server keeps it.
      const latin = (i) => /^[A-Za-z0-9]$/.test(chars[i].ch);
      while (s > starts[w] && latin(s - 1) && latin(s)) s -= 1;
      while (e < ends[w] && latin(e - 1) && latin(e)) e += 1;
      set(s, e, pick(r, ['strong', 'em']), true);
    }
  }
  const nodes = [];
  for (const c of chars) {
    const marks = [];
    if (c.link) marks.push({ href: c.link });
    if (c.strong) marks.push('strong');
    if (c.em) marks.push('em');
    nodes.push(t(c.ch, ...marks));
    if (breaks && c.ch === ' ' && r() < 0.05) nodes.push(hard_break.create());
  }
  return nodes;
}

function randomDoc(r, inline) {
  const blocks = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.4) blocks.push(p(...inline(r, { breaks: true })));
    else if (kind < 0.55) blocks.push(quote.create(null, inline(r, { breaks: true })));
    else if (kind < 0.7) blocks.push(heading.create(null, t(randomText(r, 30))));
    else if (kind < 0.85) blocks.push(ul(inline(r, { breaks: false }), inline(r, { breaks: false })));
    else blocks.push(img(1 + Math.floor(r() * 99), ...inline(r, { breaks: false })));
  }
  return doc(...blocks);
}

/**
 * What a document says, as the dialect can carry it: per block its kind and
 * lines, each line its text (trimmed) and the marks of its non-space
 * characters. Whitespace at the ends of lines, repeated hard breaks, marks on
 * spaces and empty blocks say nothing. `stars: false` leaves strong and
 * emphasis out.
 */
function meaning(d, { stars = true, links = true } = {}) {
  const out = [];
  const lines = (node, breaks) => {
    const result = [[]];
    node.forEach((child) => {
      if (child.type === hard_break) {
        if (breaks) result.push([]);
        else result[result.length - 1].push({ ch: ' ', m: '' });
        return;
      }
      const m = child.marks
        .filter((x) => (x.type.name === 'link' ? links : stars))
        .map((x) => (x.type.name === 'link' ? `link:${encodeHref(x.attrs.href)}` : x.type.name))
        .sort()
        .join(',');
      for (const ch of child.text) result[result.length - 1].push({ ch, m });
    });
    return result
      .map((chars) => {
        const text = chars.map((c) => c.ch).join('');
        const lead = text.length - text.trimStart().length;
        const trimmed = chars.slice(lead, lead + text.trim().length);
        return trimmed.map((c) => (/\s/.test(c.ch) ? c.ch : `${c.ch}{${c.m}}`)).join('');
      })
      .filter((l) => l !== '');
  };
  d.forEach((node) => {
    const kind = node.type.name;
    if (kind === 'heading') {
      const text = node.textContent.replace(/\s+/g, ' ').trim();
      if (text) out.push(['heading', text]);
    } else if (kind === 'bullet_list') {
      const items = [];
      node.forEach((item) => items.push(...lines(item.firstChild, false)));
      if (items.length) out.push(['list', items]);
    } else if (kind === 'image') {
      out.push(['image', node.attrs.id, lines(node.firstChild, false)]);
    } else {
      const l = lines(node, true);
      if (l.length) out.push([kind, l]);
    }
  });
  return out;
}

describe('the round trip document → Markdown → document', () => {
  test('keeps everything 5,000 random documents say, with marks as writers set them', () => {
    const r = rng(20250121);
    for (let i = 0; i < 5000; i++) {
      const original = randomDoc(r, writtenInline);
      const text = serializeMarkdown(original);
      const back = parseMarkdown(text);
      assert.deepEqual(meaning(back), meaning(original), `case ${i}: ${JSON.stringify(text)}\n${original}\n${back}`);
      assert.equal(serializeMarkdown(back), text, `case ${i}: written again, the same text`);
    }
  });

  test('with marks anywhere (5,000 documents): the text whole, and what it writes reads back as written', () => {
    const r = rng(7);
    let exact = 0;
    for (let i = 0; i < 5000; i++) {
      const original = randomDoc(r, chaosInline);
      const blocks = docToBlocks(original);
      const text = renderBlocks(blocks);
      assert.equal(serializeMarkdown(original), text);
      assert.deepEqual(parseBlocks(text), blocks, `case ${i}: ${JSON.stringify(text)}`);
      const back = parseMarkdown(text);
      assert.deepEqual(meaning(back, { stars: false, links: false }), meaning(original, { stars: false, links: false }), `case ${i}`);
      assert.equal(serializeMarkdown(back), text, `case ${i}: written again, the same text`);
      if (JSON.stringify(meaning(back)) === JSON.stringify(meaning(original))) exact += 1;
    }
    // Marks that cross inside a word have no spelling: like the server, the
    // writer keeps the one that opens first. Most documents keep every mark.
    assert.ok(exact > 3500, `${exact} of 5,000 kept every mark`);
  });
});
