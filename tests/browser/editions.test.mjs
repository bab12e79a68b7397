// The three editions in a real browser: the English page is left-to-right in its
// Latin face, the Persian one right-to-left in Vazirmatn with its Solar Hijri date,
// each loads only its own fonts with no CSP complaint, and the language switcher
// under the headline leads from one version of the story to another.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/editions.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { childEnv, launchBrowser, repoRoot, startServer } from './harness.mjs';

const REFERENCE = path.join(repoRoot, 'demo', '000_a879635638002103.txt');
const EDITIONS = path.join(repoRoot, 'testdata', 'editions');

/** Runs the CLI on the site's data folder; its output, or a thrown error. */
function nashir(bin, dataDir, args) {
  const res = spawnSync(bin, ['--data', dataDir, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: childEnv(dataDir),
  });
  if (res.error || res.status !== 0) {
    throw new Error(`nashir ${args.join(' ')} failed: ${res.stderr}`);
  }
  return res.stdout;
}

/** The path an import printed (`<id>\t<path>`). */
const pathOf = (out) => out.trim().split('\t')[1];

/** In the page: its direction, the headline's face, and the faces it loaded. */
async function looks() {
  await document.fonts.ready;
  const h1 = document.querySelector('h1');
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    headlineFont: getComputedStyle(h1).fontFamily,
    loaded: [...document.fonts]
      .filter((f) => f.status === 'loaded')
      .map((f) => f.family.replace(/^["']|["']$/g, '')),
    declared: [...document.fonts].map((f) => f.family.replace(/^["']|["']$/g, '')),
    updated: document.querySelector('.updated time')?.textContent ?? '',
  };
}

describe('editions', () => {
  let server;
  let browser;
  const paths = {};

  before(async () => {
    server = await startServer({
      args: ['serve'],
      setup: async (bin, dataDir) => {
        await writeFile(path.join(dataDir, 'nashir.toml'), 'editions = ["ar", "en", "fa"]\n');
        paths.ar = pathOf(nashir(bin, dataDir, ['import', REFERENCE]));
        const en = path.join(EDITIONS, 'en', 'cairo-metro-line.txt');
        paths.en = pathOf(nashir(bin, dataDir, ['import', '--edition', 'en', '--translation-of', '1', en]));
        const fa = path.join(EDITIONS, 'fa', 'tehran-metro-line.txt');
        paths.fa = pathOf(nashir(bin, dataDir, ['import', '--edition', 'fa', '--translation-of', '1', fa]));
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens `path`, failing on any failed request or CSP violation. */
  async function open(path) {
    const page = await browser.newPage();
    const problems = [];
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => problems.push(`${req.failure()?.errorText} ${req.url()}`));
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) problems.push(msg.text());
    });
    const res = await page.goto(`${server.baseUrl}${encodeURI(path)}`);
    assert.equal(res?.status(), 200, path);
    return { page, problems };
  }

  test('the English page is left-to-right in its own Latin face', async () => {
    const { page, problems } = await open(paths.en);
    const seen = await page.evaluate(looks);
    assert.equal(seen.lang, 'en');
    assert.equal(seen.dir, 'ltr');
    assert.match(seen.headlineFont, /^"?Noto Serif"?/);
    assert.ok(seen.loaded.includes('Noto Serif'), `loaded: ${seen.loaded}`);
    assert.ok(!seen.declared.some((f) => /Naskh|Vazirmatn/.test(f)), `declared: ${seen.declared}`);
    assert.match(seen.updated, /^Wednesday, January 8, 2025/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the Persian page is right-to-left in Vazirmatn, dated in its calendar', async () => {
    const { page, problems } = await open(paths.fa);
    const seen = await page.evaluate(looks);
    assert.equal(seen.lang, 'fa');
    assert.equal(seen.dir, 'rtl');
    assert.ok(seen.loaded.includes('Vazirmatn'), `loaded: ${seen.loaded}`);
    assert.ok(!seen.declared.some((f) => /Naskh|Noto Serif/.test(f)), `declared: ${seen.declared}`);
    assert.match(seen.updated, /۱۹ دی ۱۴۰۳/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the switcher leads from one version to another, each naming the rest', async () => {
    const { page } = await open(paths.en);
    const switcher = page.locator('nav.translations a');
    assert.deepEqual(await switcher.allTextContents(), ['العربية', 'فارسی']);
    await Promise.all([page.waitForURL(/\/ar\/news\/1\//), switcher.first().click()]);
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.deepEqual(await page.locator('nav.translations a').allTextContents(), ['English', 'فارسی']);
    const alternates = await page.$$eval('link[rel=alternate][hreflang]', (links) =>
      links.map((l) => l.hreflang),
    );
    assert.deepEqual(alternates, ['ar', 'en', 'fa', 'x-default']);
    await page.close();
  });
});
