// The word count under the editor and the link targets it accepts:
// node --test editor/test/

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { safeHref } from '../src/links.js';
import { countWords, describeLength, readingMinutes } from '../src/stats.js';
import { Words } from '../src/words.js';

// The count messages as the server renders them into the page's
// #editor-words (crates/nashir-web/src/admin/rich_words.rs, from the catalogs).
const ARABIC = new Words(
  {
    messages: { 'nr-rich-length': '{words} · {minutes}' },
    counts: {
      'nr-rich-words': { zero: 'لا كلمات', one: 'كلمة واحدة', two: 'كلمتان', few: '{count} كلمات', many: '{count} كلمة', other: '{count} كلمة' },
      'nr-rich-minutes': {
        zero: 'أقل من دقيقة للقراءة',
        one: 'دقيقة للقراءة',
        two: 'دقيقتان للقراءة',
        few: '{count} دقائق للقراءة',
        many: '{count} دقيقة للقراءة',
        other: '{count} دقيقة للقراءة',
      },
    },
  },
  'ar',
);
const ENGLISH = new Words(
  {
    messages: { 'nr-rich-length': '{words} · {minutes}' },
    counts: {
      'nr-rich-words': { one: '{count} word', other: '{count} words' },
      'nr-rich-minutes': { one: '{count} minute to read', other: '{count} minutes to read' },
    },
  },
  'en',
);

const words = (n) => Array(n).fill('كلمة').join(' ');

test('words are counted between spaces, punctuation alone is not a word', () => {
  assert.equal(countWords('قال الوزير: «النمو بلغ 3%» — وفق IMF.'), 7);
  assert.equal(countWords('  \n '), 0);
  assert.equal(countWords('- * ، .'), 0);
});

test('length and reading time in Arabic, with Arabic-Indic digits and the right plural', () => {
  const arabic = (text) => describeLength(text, ARABIC);
  assert.equal(arabic(''), 'لا كلمات');
  assert.equal(arabic(words(1)), 'كلمة واحدة · دقيقة للقراءة');
  assert.equal(arabic(words(2)), 'كلمتان · دقيقة للقراءة');
  assert.equal(arabic(words(7)), '٧ كلمات · دقيقة للقراءة');
  assert.equal(arabic(words(45)), '٤٥ كلمة · دقيقة للقراءة');
  assert.equal(arabic(words(320)), '٣٢٠ كلمة · دقيقتان للقراءة');
  assert.equal(arabic(words(1000)), '١٬٠٠٠ كلمة · ٥ دقائق للقراءة');
  assert.equal(arabic(words(2400)), '٢٬٤٠٠ كلمة · ١٢ دقيقة للقراءة');
  assert.equal(readingMinutes(50), 1);
  assert.equal(readingMinutes(0), 0);
});

test('length in English and Persian: their own plural rules and digits', () => {
  assert.equal(describeLength('', ENGLISH), '0 words');
  assert.equal(describeLength(words(1), ENGLISH), '1 word · 1 minute to read');
  assert.equal(describeLength(words(2), ENGLISH), '2 words · 1 minute to read');
  assert.equal(describeLength(words(1000), ENGLISH), '1,000 words · 5 minutes to read');
  const persian = new Words(
    { messages: { 'nr-rich-length': '{words} · {minutes}' }, counts: { 'nr-rich-words': { other: '{count} واژه' }, 'nr-rich-minutes': { other: '{count} دقیقه مطالعه' } } },
    'fa',
  );
  assert.equal(describeLength(words(320), persian), '۳۲۰ واژه · ۲ دقیقه مطالعه');
});

test('messages fill their placeholders; a missing message says its key', () => {
  const w = new Words({ messages: { 'nr-rich-upload-failed': 'The picture could not be uploaded ({status}).' } }, 'en');
  assert.equal(w.say('nr-rich-upload-failed', { status: 502 }), 'The picture could not be uploaded (502).');
  assert.equal(w.say('nr-rich-upload-failed'), 'The picture could not be uploaded ({status}).');
  assert.equal(w.say('nr-rich-bold'), 'nr-rich-bold');
});

test('links go to the web or to a path on this site, nowhere else', () => {
  assert.equal(safeHref(' https://example.com/a b '), 'https://example.com/a%20b');
  assert.equal(safeHref('HTTP://Example.com'), 'http://example.com/');
  assert.equal(safeHref('/ar/news/12/خبر'), '/ar/news/12/خبر');
  assert.equal(safeHref('mailto:desk@news.example'), null);
  assert.equal(safeHref('mailto:desk@news.example', { mailto: true }), 'mailto:desk@news.example');
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'ar/news/1', 'www.example.com', 'https://', 'https://user:pw@example.com/', '']) {
    assert.equal(safeHref(bad), null, bad);
  }
});
