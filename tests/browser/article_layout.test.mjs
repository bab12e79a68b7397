// Article page layout in a real browser: RTL Arabic document, the bundled
// Noto Naskh Arabic web font, and no horizontal overflow on a phone (360 px)
// or a desktop (1280 px). Screenshots go to target/screenshots/.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, screenshotDir, startServer } from './harness.mjs';

const FONT_FAMILY = 'Noto Naskh Arabic';

const VIEWPORTS = [
  {
    width: 360,
    context: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true },
  },
  {
    width: 1280,
    context: { viewport: { width: 1280, height: 900 } },
  },
];

/** Runs in the page: everything the assertions need, measured in one go. */
async function measurePage({ fontFamily, screenWidth }) {
  await document.fonts.ready;

  const de = document.documentElement;
  // The screen's width, not the layout viewport's: on a phone Chrome widens
  // the layout viewport to fit content that is too wide (or to 980px without
  // <meta name="viewport">), which would hide the overflow from clientWidth.
  const viewportWidth = Math.min(de.clientWidth, screenWidth);

  const describeEl = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    const cls = typeof el.className === 'string' ? el.className.trim() : el.getAttribute('class') || '';
    if (cls) s += `.${cls.split(/\s+/).join('.')}`;
    return s;
  };
  const isOutside = (r) => r.right > viewportWidth + 1 || r.left < -1;
  // Sticking out of the viewport is allowed only when a scrolling or clipping
  // ancestor that itself fits clips the element (a wide table in an
  // overflow-x: auto wrapper).
  const isExempt = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && !isOutside(a.getBoundingClientRect())) return true;
    }
    return false;
  };

  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // not rendered
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (!isOutside(r) || isExempt(el)) continue;
    offenders.push(`${describeEl(el)} [left=${Math.round(r.left)}, right=${Math.round(r.right)}]`);
  }

  const h1 = document.querySelector('h1');
  const faces = [...document.fonts]
    .filter((f) => f.family.replace(/^["']|["']$/g, '') === fontFamily)
    .map((f) => ({ weight: f.weight, status: f.status, unicodeRange: f.unicodeRange }));

  return {
    dir: de.dir,
    lang: de.lang,
    innerWidth: window.innerWidth,
    viewportWidth,
    scrollWidth: de.scrollWidth,
    clientWidth: de.clientWidth,
    offenders,
    h1Text: h1 ? h1.textContent.trim().slice(0, 80) : null,
    h1FontFamily: h1 ? getComputedStyle(h1).fontFamily : null,
    fontCheck: document.fonts.check(`16px "${fontFamily}"`, 'عربي'),
    // Bold Latin (digits in a headline) has a face of its own, not a synthesized one.
    boldLatin: (await document.fonts.load(`700 16px "${fontFamily}"`, '2030')).some(
      (f) => f.weight === '700' && f.unicodeRange.includes('U+0-FF') && f.status === 'loaded',
    ),
    faces,
  };
}

describe('article page layout', () => {
  let server;
  let browser;

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const vp of VIEWPORTS) {
    test(`article at ${vp.width}px: rtl Arabic, ${FONT_FAMILY}, no horizontal overflow`, async () => {
      const context = await browser.newContext(vp.context);
      try {
        const page = await context.newPage();
        const failedRequests = [];
        page.on('response', (res) => {
          if (res.status() >= 400) failedRequests.push(`${res.status()} ${res.url()}`);
        });
        page.on('requestfailed', (req) => failedRequests.push(`${req.failure()?.errorText} ${req.url()}`));

        const home = await page.goto(`${server.baseUrl}/`);
        assert.equal(home?.status(), 200, 'home page status');

        const href = await page.evaluate(() => {
          const a = [...document.querySelectorAll('a[href]')].find((el) =>
            el.getAttribute('href').startsWith('/ar/news/'),
          );
          return a ? a.getAttribute('href') : null;
        });
        assert.ok(href, 'home page has no link whose href starts with /ar/news/');

        const articleUrl = new URL(href, server.baseUrl).href;
        const article = await page.goto(articleUrl);
        assert.equal(article?.status(), 200, `status of ${articleUrl}`);

        const m = await page.evaluate(measurePage, { fontFamily: FONT_FAMILY, screenWidth: vp.width });

        await page.screenshot({
          path: path.join(screenshotDir, `article-${vp.width}.png`),
          fullPage: true,
        });

        const where = `(${articleUrl} at ${vp.width}px)`;
        const layoutViewportNote =
          m.innerWidth !== vp.width
            ? `\n  note: the layout viewport is ${m.innerWidth}px wide on a ${vp.width}px screen: content ` +
              `wider than the screen, or no <meta name="viewport" content="width=device-width, initial-scale=1">`
            : '';
        assert.equal(m.dir, 'rtl', `<html dir> ${where}`);
        assert.equal(m.lang, 'ar', `<html lang> ${where}`);
        assert.deepEqual(
          m.offenders,
          [],
          `${m.offenders.length} element(s) outside the ${m.viewportWidth}px viewport ${where}:\n  ` +
            m.offenders.slice(0, 20).join('\n  ') +
            (m.offenders.length > 20 ? `\n  ... and ${m.offenders.length - 20} more` : '') +
            layoutViewportNote,
        );
        assert.ok(
          m.scrollWidth <= m.clientWidth,
          `horizontal overflow: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth} ${where}`,
        );
        if (vp.context.isMobile) {
          assert.equal(m.innerWidth, vp.width, `layout viewport width ${where}${layoutViewportNote}`);
        }

        assert.ok(m.h1FontFamily !== null, `no <h1> on the article page ${where}`);
        assert.ok(
          m.h1FontFamily.includes(FONT_FAMILY),
          `h1 font-family is ${JSON.stringify(m.h1FontFamily)}, expected it to include ${FONT_FAMILY} ${where}`,
        );

        const fontDetails =
          `\n  font faces: ${JSON.stringify(m.faces)}` +
          `\n  failed requests: ${failedRequests.length ? failedRequests.join(', ') : 'none'}`;
        assert.ok(
          m.fontCheck,
          `document.fonts.check('16px "${FONT_FAMILY}"', 'عربي') is false ${where}${fontDetails}`,
        );
        assert.ok(
          m.faces.some((f) => f.status === 'loaded'),
          `no ${FONT_FAMILY} web font face was loaded ${where}${fontDetails}`,
        );
        assert.ok(m.boldLatin, `no bold Latin face loaded for bold digits ${where}${fontDetails}`);
      } finally {
        await context.close();
      }
    });
  }
});
