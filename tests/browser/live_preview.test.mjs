// The editor's live preview in a real browser: «معاينة حية» opens two frames
// beside the form, a phone's width (390 px) and a desktop's (1024 px, scaled
// down), which show the story as readers will see it a second after typing
// stops — the headline typed, and the body as a rich editor sets it (the hidden
// #body's value and an `input` event that does not bubble). The newsroom's
// content security policy holds (no violation is reported), and without script
// the toggle is not offered while «معاينة» still is. A screenshot goes to
// target/screenshots/live-preview.png.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/live_preview.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { launchBrowser, screenshotDir, signIn, startServerWithAccount, steps } from './harness.mjs';

const ACCOUNT = { email: 'writer@news.example', password: 'a-long-enough-password', role: 'author' };
const TITLE = 'مكتبة عامة جديدة في عمّان';
const PARAGRAPH = 'تضم المكتبة أكثر من ثلاثين ألف كتاب باللغتين العربية والإنجليزية (English).';
const SUBHEADING = 'ما الذي تقدمه المكتبة:';

describe('editor: live preview at phone and desktop widths', () => {
  let server;
  let browser;
  let context;
  let page;
  const { step, failed } = steps();
  const problems = []; // CSP violations and script errors on the editor page
  const previews = []; // the /admin/preview requests the page makes

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServerWithAccount(ACCOUNT);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ar' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/admin/preview') previews.push(r);
    });
  });

  after(async () => {
    await browser?.close();
    if (failed() && server) console.log(`live preview test failed at "${failed()}"; server output:\n${server.output()}`);
    await server?.stop();
  });

  /** The frame inside `.device.<kind>`, as Playwright sees it. */
  const frame = (kind) => page.frameLocator(`#live-preview .device.${kind} iframe`);

  step('the toggle opens the preview beside the form, both frames rendered', async () => {
    await signIn(page, server.baseUrl, ACCOUNT);
    await page.goto(new URL('/admin/articles/new', server.baseUrl).href);
    const toggle = page.getByRole('button', { name: 'معاينة حية' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#live-preview').isVisible(), false, 'closed at first');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#live-preview').isVisible(), 'open after a click');
    for (const kind of ['phone', 'desktop']) {
      // The headline is still empty: the page is there, its h1 with nothing in it.
      await frame(kind).locator('h1.headline').waitFor({ state: 'attached', timeout: 10_000 });
    }
    // Beside the form, not under it.
    const form = await page.locator('#editor-form').boundingBox();
    const pane = await page.locator('#live-preview').boundingBox();
    assert.ok(pane.x + pane.width <= form.x + 1, `the pane is to the form's left (RTL): ${JSON.stringify({ form, pane })}`);
    assert.ok(
      pane.y < form.y + form.height && pane.y + pane.height > form.y,
      `level with the form: ${JSON.stringify({ form, pane })}`,
    );
  });

  step('the frames have a phone\'s and a desktop\'s width, sandboxed', async () => {
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('#live-preview iframe')].map((f) => ({
        width: f.clientWidth,
        shown: Math.round(f.getBoundingClientRect().width),
        sandbox: f.getAttribute('sandbox'),
      })),
    );
    assert.deepEqual(
      sizes.map((s) => s.width),
      [390, 1024],
      'layout widths: phone, desktop',
    );
    assert.ok(sizes[1].shown < 420, `the desktop frame is scaled down: ${sizes[1].shown} px`);
    for (const s of sizes) assert.equal(s.sandbox, 'allow-same-origin', 'no scripts run in the frames');
    // The reader's stylesheet applies inside the frames (the newsroom's CSP allows it).
    for (const kind of ['phone', 'desktop']) {
      const dir = await frame(kind).locator('html').getAttribute('dir');
      assert.equal(dir, 'rtl');
      const font = await frame(kind).locator('h1').first().evaluate((h) => getComputedStyle(h).fontFamily);
      assert.match(font, /Naskh/, `${kind}: the site's font family`);
    }
  });

  step('typing the headline and setting the body update both frames a second later', async () => {
    const before = previews.length;
    await page.locator('#title').pressSequentially(TITLE, { delay: 20 });
    // What a rich editor does: the hidden textarea's value, and an `input` that does not bubble.
    await page.evaluate(
      ([paragraph, subheading]) => {
        const body = document.getElementById('body');
        body.value = `${paragraph}\n\n## ${subheading}\n\n- قاعة مطالعة\n- ركن للأطفال`;
        body.dispatchEvent(new Event('input'));
      },
      [PARAGRAPH, SUBHEADING],
    );
    for (const kind of ['phone', 'desktop']) {
      const f = frame(kind);
      await f.locator('h1', { hasText: TITLE }).waitFor({ timeout: 10_000 });
      await f.locator('.article-body p', { hasText: PARAGRAPH }).waitFor({ timeout: 10_000 });
      assert.equal(await f.locator('.article-body h2').first().textContent(), SUBHEADING, kind);
    }
    const asked = previews.length - before;
    assert.ok(asked >= 1 && asked <= 3, `debounced: ${asked} previews for ${TITLE.length} keystrokes`);
    // The phone frame lays the page out at 390 px: the article fits it, no sideways scroll.
    const phone = await frame('phone').locator('html').evaluate((html) => ({
      viewport: html.clientWidth,
      scroll: html.scrollWidth,
    }));
    assert.equal(phone.viewport, 390);
    assert.ok(phone.scroll <= 390, `no horizontal scroll on the phone: ${JSON.stringify(phone)}`);
    await page.screenshot({ path: path.join(screenshotDir, 'live-preview.png'), fullPage: false });
    assert.deepEqual(problems, [], 'no CSP violation or script error');
  });

  step('closing it stops the refreshes; without script «معاينة» is still there', async () => {
    await page.getByRole('button', { name: 'معاينة حية' }).click();
    assert.equal(await page.locator('#live-preview').isVisible(), false);
    const before = previews.length;
    await page.locator('#title').fill(`${TITLE} (محدّث)`);
    await page.waitForTimeout(1500);
    assert.equal(previews.length, before, 'no preview while closed');

    const plain = await browser.newContext({ javaScriptEnabled: false, locale: 'ar' });
    const noScript = await plain.newPage();
    await signIn(noScript, server.baseUrl, ACCOUNT);
    await noScript.goto(new URL('/admin/articles/new', server.baseUrl).href);
    assert.equal(await noScript.getByRole('button', { name: 'معاينة حية' }).count(), 0, 'no dead toggle');
    assert.ok(await noScript.getByRole('button', { name: 'معاينة', exact: true }).isVisible());
    await plain.close();
  });
});
