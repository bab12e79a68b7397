// The search box in a real browser: suggestions appear under the header's box as
// the reader types (suggest.js), the keyboard moves through them and opens one,
// Escape closes them; a search that finds nothing offers "did you mean" (هل تقصد),
// whose link finds the articles.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, startServer } from './harness.mjs';

describe('search box', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The demo's index is built as the server starts: wait until it answers.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = await fetch(`${server.baseUrl}/search/suggest?q=${encodeURIComponent('البنك الم')}`);
      if ((await answer.json()).items.length > 0) break;
      assert.ok(Date.now() < deadline, 'the index never answered');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('suggestions follow the typing, the keyboard opens one', async () => {
    const page = await browser.newPage({ locale: 'ar' });
    await page.goto(`${server.baseUrl}/`);
    const box = page.locator('header input[name=q]');
    await box.pressSequentially('البنك الم', { delay: 30 });
    const links = page.locator('header .suggestions a');
    await links.first().waitFor({ state: 'visible', timeout: 5_000 });
    const titles = await links.allTextContents();
    assert.ok(titles.some((t) => t.includes('البنك المركزي')), `suggested: ${titles}`);
    // How many, said in Arabic by its plural rules (3–10: «N اقتراحات»).
    const said = { 1: 'اقتراح واحد', 2: 'اقتراحان' }[titles.length]
      ?? (titles.length <= 10 ? `${titles.length} اقتراحات` : `${titles.length} اقتراحًا`);
    assert.equal(await page.locator('header [role=status]').textContent(), said);
    assert.equal(await page.locator('header .suggestions').getAttribute('aria-label'), 'اقتراحات البحث');

    await box.press('Escape');
    assert.equal(await page.locator('header .suggestions').isHidden(), true, 'Escape closes the list');

    // (Escape also empties a search box in Chromium.) Typed again:
    await box.fill('');
    await box.pressSequentially('البنك الم', { delay: 30 });
    await links.first().waitFor({ state: 'visible', timeout: 5_000 });
    await box.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, titles[0], 'ArrowDown moves to the first suggestion');
    const href = await links.first().getAttribute('href');
    await Promise.all([page.waitForURL(`**${href}`), page.keyboard.press('Enter')]);
    assert.match(new URL(page.url()).pathname, /^\/ar\/news\/\d+\//);
    await page.close();
  });

  test('a search that finds nothing offers what the reader meant', async () => {
    const page = await browser.newPage({ locale: 'ar' });
    await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('الحكمومة')}`);
    const offer = page.locator('.did-you-mean a');
    assert.equal(await offer.textContent(), 'الحكومة');
    await Promise.all([page.waitForURL('**/search?**'), offer.click()]);
    assert.ok((await page.locator('.result-title').count()) > 0, 'the offered query finds articles');
    await page.close();
  });
});
