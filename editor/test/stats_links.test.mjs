// The word count under the editor and the link targets it accepts:
// node --test editor/test/

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { safeHref } from '../src/links.js';
import { countWords, describeLength, readingMinutes } from '../src/stats.js';

const words = (n) => Array(n).fill('كلمة').join(' ');

test('words are counted between spaces, punctuation alone is not a word', () => {
  assert.equal(countWords('قال الوزير: «النمو بلغ 3%» — وفق IMF.'), 7);
  assert.equal(countWords('  \n '), 0);
  assert.equal(countWords('- * ، .'), 0);
});

test('length and reading time in Arabic, with Arabic-Indic digits and the right plural', () => {
  assert.equal(describeLength(''), 'لا كلمات');
  assert.equal(describeLength(words(1)), 'كلمة واحدة · دقيقة للقراءة');
  assert.equal(describeLength(words(2)), 'كلمتان · دقيقة للقراءة');
  assert.equal(describeLength(words(7)), '٧ كلمات · دقيقة للقراءة');
  assert.equal(describeLength(words(45)), '٤٥ كلمة · دقيقة للقراءة');
  assert.equal(describeLength(words(320)), '٣٢٠ كلمة · دقيقتان للقراءة');
  assert.equal(describeLength(words(1000)), '١٬٠٠٠ كلمة · ٥ دقائق للقراءة');
  assert.equal(describeLength(words(2400)), '٢٬٤٠٠ كلمة · ١٢ دقيقة للقراءة');
  assert.equal(readingMinutes(50), 1);
  assert.equal(readingMinutes(0), 0);
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
