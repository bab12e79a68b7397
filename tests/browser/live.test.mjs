// Live coverage in a real browser. An editor publishes an article, starts its
// live coverage from the editor's link and adds entries at the newsroom's desk;
// a reader, signed out in another browser context, has the article open, scrolled
// into the list of entries. The editor adds one more: the reader's page shows it
// after its next poll, on top of the list, without moving the entry the reader
// was reading, and tells screen readers. The editor closes the coverage: the
// reader's page says so and stops polling. With scripts off the page is complete
// as it loads. Screenshots: target/screenshots/live-*.png.
//
// The page polls every 30 s (`data-live-every`); the reader's context rewrites
// that attribute to 1 s as the page arrives, so the test waits a second, not
// thirty. Everything else is the page as served.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/
//
// The steps run in order; once one fails, the later ones are skipped rather
// than failing for the same reason.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { clickAndWait, launchBrowser, screenshotDir, signIn, startServerWithAccount, steps } from './harness.mjs';

const EMAIL = 'live@news.example';
const PASSWORD = 'a-long-enough-password';
const DISPLAY_NAME = 'محررة التغطية';

const TITLE = 'الانتخابات البلدية: التغطية المباشرة';
const LEAD = 'نتائج الفرز وتصريحات المرشحين أولاً بأول.';
const CONTEXT = { viewport: { width: 1000, height: 700 }, locale: 'ar' };
const POLL_WAIT_MS = 15_000;

/** Entries long enough that the list runs well past one screen. */
const ENTRIES = Array.from(
  { length: 8 },
  (_, i) =>
    `التحديث رقم ${i + 1}: أعلنت اللجنة نتائج الدائرة ${i + 1}.\n\n` +
    'وقال رئيس اللجنة إن الفرز جرى في هدوء، وإن النتائج النهائية تعلن مساءً بعد مراجعة المحاضر كلها.',
);
const NEWEST = 'عاجل: اكتمل فرز الأصوات في الدوائر كلها.';

describe('live coverage: the desk adds, the reader sees it after a poll', () => {
  let server;
  let browser;
  let editorContext;
  let readerContext;
  let page;
  let reader;
  const { step, failed } = steps();
  let articleId = null;
  let publicHref = null;
  /** Fragment requests the reader's page made. */
  let polls = 0;

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServerWithAccount({ email: EMAIL, password: PASSWORD, role: 'editor', name: DISPLAY_NAME });
    browser = await launchBrowser();
    editorContext = await browser.newContext(CONTEXT);
    readerContext = await browser.newContext(CONTEXT);
    // The page as served, but polling every second.
    await readerContext.route(
      (url) => url.pathname.startsWith('/ar/news/'),
      async (route) => {
        const request = route.request();
        if (request.resourceType() !== 'document') {
          if (new URL(request.url()).pathname.endsWith('/live')) polls += 1;
          return route.continue();
        }
        const response = await route.fetch();
        const body = (await response.text()).replace('data-live-every="30"', 'data-live-every="1"');
        return route.fulfill({ response, body });
      },
    );
    page = await editorContext.newPage();
    reader = await readerContext.newPage();
  });

  after(async () => {
    await browser?.close();
    if (failed() && server) {
      console.log(`live test failed at "${failed()}"; server output:\n${server.output() || '(none)'}`);
    }
    await server?.stop();
  });

  const url = (p) => new URL(p, server.baseUrl).href;

  /** The reader's entries, newest first: [id, text]. */
  const readerEntries = () =>
    reader.evaluate(() =>
      [...document.querySelectorAll('#live .live-entry')].map((e) => [e.id, e.textContent.replace(/\s+/g, ' ').trim()]),
    );

  /** Adds a text entry at the desk; answers the desk's notice. */
  const addEntry = async (text) => {
    await page.check('input[name=kind][value=text]');
    await page.fill('#body', text);
    const res = await clickAndWait(page, page.locator('button[name=action][value=add]'));
    assert.equal(res?.status(), 200, `after adding (${page.url()})`);
    return page.locator('p.notice').textContent();
  };

  step('publish an article and open its live desk from the editor', async () => {
    await signIn(page, server.baseUrl, { email: EMAIL, password: PASSWORD });
    await page.goto(url('/admin/articles/new'));
    await page.fill('#title', TITLE);
    await page.fill('#lead', LEAD);
    await page.fill('#body', 'تتابع هذه الصفحة فرز الأصوات في الدوائر البلدية ساعة بساعة.');
    await clickAndWait(page, page.locator('button[name=action][value=publish]'));
    articleId = new URL(page.url()).pathname.match(/^\/admin\/articles\/(\d+)$/)?.[1];
    assert.ok(articleId, `published: ${page.url()}`);
    publicHref = await page.getByRole('link', { name: 'على الموقع', exact: true }).getAttribute('href');

    const res = await clickAndWait(page, page.getByRole('link', { name: 'التغطية المباشرة', exact: true }));
    assert.equal(res?.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/admin/articles/${articleId}/live`);
    assert.deepEqual(
      await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ['rtl', 'ar'],
    );
    await clickAndWait(page, page.getByRole('button', { name: 'بدء التغطية المباشرة' }));
    assert.equal(await page.locator('p.notice').textContent(), 'بدأت التغطية المباشرة.');
    for (const text of ENTRIES) assert.equal(await addEntry(text), 'نُشر التحديث.');
    await page.screenshot({ path: path.join(screenshotDir, 'live-desk.png'), fullPage: true });
  });

  step('a reader sees the entries newest first, marked live', async () => {
    const res = await reader.goto(url(publicHref));
    assert.equal(res?.status(), 200);
    const entries = await readerEntries();
    assert.equal(entries.length, ENTRIES.length);
    assert.ok(entries[0][1].includes('التحديث رقم 8'), entries[0][1]);
    assert.ok(entries.at(-1)[1].includes('التحديث رقم 1'), entries.at(-1)[1]);
    assert.equal(await reader.locator('.kicker .live-badge').textContent(), 'مباشر');
    const times = await reader.evaluate(() =>
      [...document.querySelectorAll('#live .live-entry time')].map((t) => t.getAttribute('datetime')),
    );
    assert.ok(times.every((t) => !Number.isNaN(Date.parse(t))), JSON.stringify(times));
    const ld = await reader.evaluate(() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent));
    assert.equal(ld['@type'], 'LiveBlogPosting');
    assert.equal(ld.liveBlogUpdate.length, ENTRIES.length);
    await reader.screenshot({ path: path.join(screenshotDir, 'live-reader.png'), fullPage: true });
  });

  step('a new entry appears after a poll, above the one being read, which stays put', async () => {
    // Read the fourth entry: scrolled so it sits near the top of the screen.
    const [reading] = (await readerEntries())[3];
    await reader.evaluate((id) => window.scrollTo(0, document.getElementById(id).getBoundingClientRect().top + window.scrollY - 80), reading);
    const topBefore = await reader.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, reading);
    assert.ok(Math.abs(topBefore - 80) < 2, `scrolled: ${topBefore}`);

    assert.equal(await addEntry(NEWEST), 'نُشر التحديث.');
    await reader.waitForFunction((text) => document.querySelector('#live .live-entry')?.textContent.includes(text), NEWEST, {
      timeout: POLL_WAIT_MS,
    });
    const entries = await readerEntries();
    assert.equal(entries.length, ENTRIES.length + 1);
    assert.ok(entries[0][1].includes(NEWEST));
    const topAfter = await reader.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, reading);
    assert.ok(Math.abs(topAfter - topBefore) < 2, `the entry being read moved from ${topBefore} to ${topAfter}`);
    assert.equal(await reader.locator('#live [role=status]').textContent(), 'تحديث جديد');
    assert.ok(await reader.locator(`#${entries[0][0]}.live-new`).count(), 'the new entry is marked');
  });

  step('closing the coverage: the page says so after a poll and stops polling', async () => {
    await clickAndWait(page, page.getByRole('button', { name: 'إنهاء التغطية' }));
    assert.equal(await page.locator('p.notice').textContent(), 'انتهت التغطية المباشرة.');
    await reader.waitForSelector('#live [data-live-ended]', { timeout: POLL_WAIT_MS });
    assert.equal(await reader.locator('.kicker .live-badge').count(), 0, 'the badge goes');
    const after = polls;
    await reader.waitForTimeout(2_500);
    assert.equal(polls, after, 'no poll after the close');
    assert.ok(after >= 2, `polls made: ${after}`);
  });

  step('without scripts the page is complete as it loads', async () => {
    const context = await browser.newContext({ ...CONTEXT, javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      const res = await plain.goto(url(publicHref));
      assert.equal(res?.status(), 200);
      const count = await plain.locator('#live .live-entry').count();
      assert.equal(count, ENTRIES.length + 1);
      assert.equal(await plain.locator('#live .live-ended').textContent(), 'انتهت التغطية');
    } finally {
      await context.close();
    }
  });
});
