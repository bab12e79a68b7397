// The newsroom end to end in a real browser: sign in, write an article in
// Arabic Markdown, schedule it (not yet on the site), publish it now, correct
// it (the "last updated" date stays; the correction's note shows under it and in
// its JSON-LD), restore the first revision from the revisions page, then mark it
// urgent and see the strip on every page. Public pages are read in a separate, signed-out browser
// context, as a reader would see them. Screenshots of the editor and the
// revisions page go to target/screenshots/newsroom-*.png.
//
// The account is made with the CLI (`nashir user add`, password on stdin)
// before the server starts.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/
//
// The steps share one browser page and run in order; once a step fails, the
// later ones are skipped rather than failing for the same reason.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addAccount,
  clickAndWait,
  launchBrowser,
  screenshotDir,
  startServer,
  submitSignIn,
} from './harness.mjs';

const EMAIL = 'chief@news.example';
const PASSWORD = 'a-long-enough-password';
const DISPLAY_NAME = 'رئيس التحرير';

const TITLE = 'افتتاح مكتبة عامة جديدة في عمّان';
const LEAD = 'افتتحت أمانة عمّان الكبرى مكتبة عامة جديدة في جبل اللويبدة، في خطوة تهدف إلى تشجيع القراءة بين الشباب.';
const ORIGINAL_WORDS = 'عشرين ألف كتاب';
const CORRECTED_WORDS = 'ثلاثين ألف كتاب';
const CORRECTION_NOTE = 'ذكرت نسخة سابقة أن المكتبة تضم عشرين ألف كتاب، والصحيح ثلاثون ألفاً.';
const PARAGRAPH = `تضم المكتبة الجديدة أكثر من ${ORIGINAL_WORDS} باللغتين العربية والإنجليزية، وتفتح أبوابها للجمهور مجاناً.`;
const SUBHEADING = 'ما الذي تقدمه المكتبة لزوارها:';
const LIST_ITEMS = ['قاعة مطالعة مفتوحة حتى العاشرة مساءً', 'ركن خاص لكتب الأطفال واليافعين'];
const BODY = `${PARAGRAPH}\n\n## ${SUBHEADING}\n\n${LIST_ITEMS.map((i) => `- ${i}`).join('\n')}\n`;
const SECTION = 'news';
const TAGS = 'ثقافة، عمّان';

const STATUS_SCHEDULED = 'مجدول';
const STATUS_PUBLISHED = 'منشور';

/** A datetime-local value (YYYY-MM-DDTHH:MM) in UTC, the site's time zone here. */
function utcLocalValue(date) {
  return date.toISOString().slice(0, 16);
}

/** The document's dir and lang attributes. */
async function docDirLang(page) {
  return page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
}

async function assertRtlArabic(page, what) {
  assert.deepEqual(await docDirLang(page), { dir: 'rtl', lang: 'ar' }, `<html dir lang> of ${what} (${page.url()})`);
}

/** The problems the editor lists (ul.error), for assertion messages. */
async function editorProblems(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('ul.error li, p.error')].map((el) => el.textContent.trim()),
  );
}

/** What the public article page shows, measured in one go. */
async function readArticle(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    const time = document.querySelector('p.updated time');
    const lists = [...document.querySelectorAll('.article-body ul.dash-list')];
    return {
      h1: text(document.querySelector('h1')),
      h2s: [...document.querySelectorAll('.article-body h2')].map(text),
      lists: lists.map((ul) =>
        [...ul.querySelectorAll(':scope > li')].map((li) =>
          // Without the decorative dash (aria-hidden).
          [...li.childNodes]
            .filter((n) => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))
            .map((n) => n.textContent)
            .join('')
            .trim(),
        ),
      ),
      paragraphs: [...document.querySelectorAll('.article-body > p')].map(text),
      tags: [...document.querySelectorAll('ul.tags li')].map(text),
      lead: text(document.querySelector('p.lead')),
      updatedText: text(time),
      updatedIso: time ? time.getAttribute('datetime') : null,
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
    };
  });
}

describe('newsroom: write, schedule, publish, correct, restore', () => {
  let server;
  let browser;
  let editorContext; // signed in
  let readerContext; // signed out: the public site as readers see it
  let page;
  let reader;
  let failed = null;

  // Shared between the steps.
  let articleId = null;
  let editorUrl = null;
  let publicHref = null;
  let published = null; // readArticle() right after publishing

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer({
      setup: (bin, dataDir) =>
        addAccount(bin, dataDir, { email: EMAIL, password: PASSWORD, role: 'editor', name: DISPLAY_NAME }),
    });
    browser = await launchBrowser();
    editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    page = await editorContext.newPage();
    reader = await readerContext.newPage();
  });

  after(async () => {
    await browser?.close();
    if (failed && server) {
      console.log(`newsroom test failed at "${failed}"; server output:\n${server.output() || '(none)'}`);
    }
    await server?.stop();
  });

  /** A step of the scenario: skipped once an earlier step failed. */
  const step = (name, fn) =>
    test(name, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: ${failed}`);
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        failed = name;
        throw err;
      }
    });

  const url = (p) => new URL(p, server.baseUrl).href;

  step('sign in at /admin/login and land on the dashboard', async () => {
    const res = await page.goto(url('/admin/login'));
    assert.equal(res?.status(), 200, 'status of /admin/login');
    await assertRtlArabic(page, 'the sign-in page');

    const landed = await submitSignIn(page, { email: EMAIL, password: PASSWORD });

    assert.equal(new URL(page.url()).pathname, '/admin', `after signing in: ${page.url()} (status ${landed?.status()})`);
    assert.equal(landed?.status(), 200, 'status of the dashboard');
    assert.equal(await page.locator('h1').first().textContent(), 'الأخبار', 'dashboard h1');
    await assertRtlArabic(page, 'the dashboard');
  });

  step('write a new article and schedule it 2 minutes ahead: not public yet', async () => {
    const newLink = page.getByRole('link', { name: 'خبر جديد', exact: true });
    assert.equal(await newLink.getAttribute('href'), '/admin/articles/new', 'href of "خبر جديد"');
    const res = await clickAndWait(page, newLink);
    assert.equal(res?.status(), 200, `status of ${page.url()}`);
    assert.equal(new URL(page.url()).pathname, '/admin/articles/new');
    await assertRtlArabic(page, 'the new-article editor');

    await page.fill('#title', TITLE);
    await page.fill('#lead', LEAD);
    await page.fill('#body', BODY);
    await page.selectOption('#section', SECTION);
    await page.fill('#tags', TAGS);
    const when = utcLocalValue(new Date(Date.now() + 2 * 60_000));
    await page.fill('#schedule_at', when);

    const saved = await clickAndWait(page, page.locator('button[name=action][value=schedule]'));
    const match = new URL(page.url()).pathname.match(/^\/admin\/articles\/(\d+)$/);
    assert.ok(
      match && saved?.status() === 200,
      `scheduling should redirect to /admin/articles/<id>; got ${page.url()} (status ${saved?.status()}), ` +
        `problems: ${JSON.stringify(await editorProblems(page))}`,
    );
    articleId = match[1];
    editorUrl = url(`/admin/articles/${articleId}`);

    assert.equal(await page.locator('p.meta strong').textContent(), STATUS_SCHEDULED, 'status after scheduling');
    assert.equal(await page.inputValue('#schedule_at'), when, 'the editor shows the scheduled time back (site time zone = UTC)');
    assert.equal(await page.inputValue('#title'), TITLE, 'title kept');
    assert.equal(await page.inputValue('#section'), SECTION, 'section kept');
    assert.equal(await page.getByRole('link', { name: 'على الموقع' }).count(), 0, 'no "على الموقع" link before publication');
    await assertRtlArabic(page, 'the editor');

    // Not on the public site yet, neither to a bare request nor in a browser.
    const bare = await fetch(url(`/ar/news/${articleId}`), { redirect: 'manual' });
    await bare.arrayBuffer();
    assert.equal(bare.status, 404, `GET /ar/news/${articleId} while scheduled (location: ${bare.headers.get('location')})`);
    const seen = await reader.goto(url(`/ar/news/${articleId}`));
    assert.equal(seen?.status(), 404, `reader's browser on /ar/news/${articleId} while scheduled`);
  });

  step('publish it now: the public page shows headline, subheading and list', async () => {
    const res = await clickAndWait(page, page.locator('button[name=action][value=publish]'));
    assert.equal(page.url(), editorUrl, `after publishing (status ${res?.status()}), problems: ${JSON.stringify(await editorProblems(page))}`);
    assert.equal(await page.locator('p.meta strong').textContent(), STATUS_PUBLISHED, 'status after publishing');

    const onSite = page.getByRole('link', { name: 'على الموقع', exact: true });
    publicHref = await onSite.getAttribute('href');
    assert.ok(publicHref?.startsWith(`/ar/news/${articleId}/`), `"على الموقع" href: ${publicHref}`);

    // The short URL redirects to the canonical one the editor links to.
    const bare = await fetch(url(`/ar/news/${articleId}`), { redirect: 'manual' });
    await bare.arrayBuffer();
    assert.equal(bare.status, 301, `GET /ar/news/${articleId} once published`);
    assert.equal(
      decodeURIComponent(new URL(bare.headers.get('location'), server.baseUrl).pathname),
      decodeURIComponent(publicHref),
      'redirect target vs the editor\'s "على الموقع" link',
    );

    // Following the link from the editor works too.
    const followed = await clickAndWait(page, onSite);
    assert.equal(followed?.status(), 200, `status of ${page.url()} from the editor link`);
    assert.equal(await page.locator('h1').first().textContent(), TITLE);

    const seen = await reader.goto(url(`/ar/news/${articleId}`));
    assert.equal(seen?.status(), 200, `reader's browser on /ar/news/${articleId}`);
    assert.equal(decodeURIComponent(new URL(reader.url()).pathname), decodeURIComponent(publicHref));
    published = await readArticle(reader);
    assert.equal(published.h1, TITLE, 'h1');
    assert.equal(published.lead, LEAD, 'lead');
    assert.deepEqual(published.h2s, [SUBHEADING], 'h2 subheadings in the article body');
    assert.deepEqual(published.lists, [LIST_ITEMS], 'ul.dash-list items');
    assert.ok(published.paragraphs.includes(PARAGRAPH), `paragraphs: ${JSON.stringify(published.paragraphs)}`);
    assert.deepEqual([...published.tags].sort(), ['ثقافة', 'عمّان'].sort(), 'tags listed on the article');
    assert.ok(published.updatedText, 'p.updated time has text');
    assert.ok(published.updatedIso && !Number.isNaN(Date.parse(published.updatedIso)), `p.updated time[datetime]: ${published.updatedIso}`);
    assert.deepEqual({ dir: published.dir, lang: published.lang }, { dir: 'rtl', lang: 'ar' });
    console.log(`published /ar/news/${articleId}: updated "${published.updatedText}" datetime=${published.updatedIso}`);
  });

  step('save a correction: new text on the site, same "last updated" date', async () => {
    const res = await page.goto(editorUrl);
    assert.equal(res?.status(), 200, `status of ${editorUrl}`);
    const body = await page.inputValue('#body');
    assert.ok(body.includes(ORIGINAL_WORDS), `the editor's body holds "${ORIGINAL_WORDS}": ${JSON.stringify(body)}`);
    await page.fill('#body', body.replace(ORIGINAL_WORDS, CORRECTED_WORDS));
    await page.fill('#correction_note', CORRECTION_NOTE);

    const saved = await clickAndWait(page, page.locator('button[name=action][value=correction]'));
    assert.equal(page.url(), editorUrl, `after the correction (status ${saved?.status()}), problems: ${JSON.stringify(await editorProblems(page))}`);
    assert.equal(await page.locator('p.meta strong').textContent(), STATUS_PUBLISHED, 'status after the correction');
    assert.ok((await page.inputValue('#body')).includes(CORRECTED_WORDS), 'the editor shows the corrected body');

    const seen = await reader.reload();
    assert.equal(seen?.status(), 200, `status of ${reader.url()}`);
    const corrected = await readArticle(reader);
    const text = corrected.paragraphs.join('\n');
    assert.ok(text.includes(CORRECTED_WORDS), `the public page shows "${CORRECTED_WORDS}": ${text}`);
    assert.ok(!text.includes(ORIGINAL_WORDS), `the public page no longer shows "${ORIGINAL_WORDS}": ${text}`);
    assert.equal(corrected.updatedIso, published.updatedIso, 'p.updated time[datetime] is unchanged by a correction');
    assert.equal(corrected.updatedText, published.updatedText, 'p.updated time text is unchanged by a correction');
    assert.deepEqual(corrected.h2s, [SUBHEADING]);
    assert.deepEqual(corrected.lists, [LIST_ITEMS]);
    const shown = await reader.evaluate(() => {
      const aside = document.querySelector('article aside.corrections');
      const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent);
      return {
        note: aside ? aside.querySelector('li').textContent.replace(/\s+/g, ' ').trim() : null,
        time: aside ? aside.querySelector('time').getAttribute('datetime') : null,
        ld: ld.correction,
      };
    });
    assert.ok(shown.note && shown.note.endsWith(CORRECTION_NOTE), `the note shows under the article: ${shown.note}`);
    assert.ok(!Number.isNaN(Date.parse(shown.time)), `the note is dated: ${shown.time}`);
    assert.equal(shown.ld?.[0]?.['@type'], 'CorrectionComment', `JSON-LD correction: ${JSON.stringify(shown.ld)}`);
    assert.equal(shown.ld[0].text, CORRECTION_NOTE);

    await page.screenshot({ path: path.join(screenshotDir, 'newsroom-editor.png'), fullPage: true });
  });

  step('revisions page: restore revision 1 and the original text is back', async () => {
    const revisionsUrl = url(`/admin/articles/${articleId}/revisions`);
    const res = await page.goto(revisionsUrl);
    assert.equal(res?.status(), 200, `status of ${revisionsUrl}`);
    await assertRtlArabic(page, 'the revisions page');

    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('table tbody tr')].map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent.trim());
        return { number: cells[0], kind: cells[1], title: cells[2], restorable: !!tr.querySelector('form button') };
      }),
    );
    console.log(`revisions of article ${articleId}: ${rows.map((r) => `${r.number}:${r.kind}`).join(', ')}`);
    assert.ok(rows.length >= 3, `at least 3 revisions listed, got ${JSON.stringify(rows)}`);
    const numbers = rows.map((r) => Number(r.number));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'rows are newest first');
    const kinds = rows.map((r) => r.kind);
    for (const kind of ['جدولة', 'نشر', 'تصحيح']) {
      assert.ok(kinds.includes(kind), `a "${kind}" revision is listed: ${JSON.stringify(kinds)}`);
    }
    assert.equal(rows[0].restorable, false, 'the newest (current) revision has no restore button');

    await page.screenshot({ path: path.join(screenshotDir, 'newsroom-revisions.png'), fullPage: true });

    const first = page.locator('table tbody tr').filter({
      has: page.locator('td:first-child', { hasText: /^\s*1\s*$/ }),
    });
    assert.equal(await first.count(), 1, 'exactly one row numbered 1');
    const restore = first.getByRole('button', { name: 'استعادة', exact: true });
    const restored = await clickAndWait(page, restore);
    assert.equal(page.url(), editorUrl, `after restoring revision 1 (status ${restored?.status()})`);
    assert.equal(restored?.status(), 200);
    assert.equal(await page.locator('p.meta strong').textContent(), STATUS_PUBLISHED, 'status after restoring');
    const body = await page.inputValue('#body');
    assert.ok(body.includes(ORIGINAL_WORDS), `the editor holds the original body again: ${JSON.stringify(body)}`);

    const seen = await reader.reload();
    assert.equal(seen?.status(), 200, `status of ${reader.url()}`);
    const back = await readArticle(reader);
    const text = back.paragraphs.join('\n');
    assert.ok(back.paragraphs.includes(PARAGRAPH), `the public page shows the original paragraph again: ${text}`);
    assert.ok(!text.includes(CORRECTED_WORDS), `the corrected words are gone: ${text}`);
    assert.equal(back.h1, TITLE);
    assert.deepEqual(back.h2s, [SUBHEADING]);
    assert.deepEqual(back.lists, [LIST_ITEMS]);
    assert.equal(back.updatedIso, published.updatedIso, 'p.updated time[datetime] is unchanged by a restore');

    // The restore is recorded as a new revision on top.
    await page.goto(revisionsUrl);
    const newest = await page.locator('table tbody tr').first().locator('td').nth(1).textContent();
    assert.equal(newest.trim(), 'استعادة', 'kind of the newest revision after restoring');
  });

  step('mark it urgent from the editor: every page shows the strip, until it is ended', async () => {
    await page.goto(editorUrl);
    await clickAndWait(page, page.getByRole('link', { name: 'اجعله عاجلاً' }));
    assert.equal(await page.inputValue('#urgent-article'), String(articleId), 'the story is chosen');
    await page.fill('#urgent-minutes', '30');
    const posted = await clickAndWait(page, page.getByRole('button', { name: 'انشر العاجل' }));
    assert.equal(new URL(page.url()).pathname, '/admin/urgent', `after posting (status ${posted?.status()}): ${JSON.stringify(await editorProblems(page))}`);
    const readerPages = ['/', `/ar/section/${SECTION}`, '/ar/latest', '/ar/most-read', `/ar/news/${articleId}`, '/search?q=' + encodeURIComponent('مكتبة')];
    // A reader arriving now: pages may sit in a browser's cache for 30 s
    // (max-age), so the reader context that read them before is not used here.
    const arriving = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    const reader = await arriving.newPage();
    for (const p of readerPages) {
      const res = await reader.goto(url(p));
      assert.equal(res?.status(), 200, `status of ${p}`);
      const strip = await reader.evaluate(() => {
        const a = document.querySelector('aside.urgent a');
        return a ? { text: a.textContent.trim(), href: a.getAttribute('href') } : null;
      });
      assert.ok(strip, `${p} shows the urgent strip`);
      assert.equal(strip.text, TITLE, `${p}: the strip carries the headline`);
      assert.ok(strip.href.startsWith(`/ar/news/${articleId}/`), `${p}: the strip links to the story: ${strip.href}`);
    }
    await reader.goto(url('/'));
    await reader.screenshot({ path: path.join(screenshotDir, 'urgent-strip.png') });
    await clickAndWait(page, page.getByRole('button', { name: 'أنهِ الآن' }).first());
    await reader.reload();
    assert.equal(await reader.locator('aside.urgent').count(), 0, 'an ended line is gone from every page');
    await arriving.close();
  });
});
