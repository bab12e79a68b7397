// Accessibility of the main page types, checked with axe-core in a real
// browser: the front page, the first article linked from it, a search results
// page and the 404 page. Fails on any "serious" or "critical" violation of the
// WCAG 2.0/2.1 A and AA rules or axe's best practices; every violation
// (including "moderate" and "minor") is summarised on stdout, one line a page.
// axe's icon-font heuristic would otherwise skip all Arabic text in the
// color-contrast rule; see disableIconLigatureHeuristic().
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN), Chromium and
// node_modules/axe-core (scripts/deps). Run: node --test tests/browser/

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, startServer } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const IMPACT_ORDER = ['critical', 'serious', 'moderate', 'minor'];
const MAX_NODES_SHOWN = 3;
const MAX_HTML_CHARS = 300;
// Every page has at least the header, the footer and some content text.
const MIN_CONTRAST_NODES = 5;

/** The pages to check: a path, or a function finding the path from the front page. */
const PAGES = [
  { name: 'front page', path: '/', status: 200 },
  {
    name: 'article page',
    status: 200,
    path: async (page, baseUrl) => {
      await page.goto(`${baseUrl}/`);
      const href = await page.evaluate(
        () => document.querySelector('a[href^="/ar/news/"]')?.getAttribute('href') ?? null,
      );
      assert.ok(href, 'the front page has no link whose href starts with /ar/news/');
      return href;
    },
  },
  { name: 'search page', path: '/search?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82', status: 200 },
  { name: '404 page', path: '/no-such-page', status: 404 },
];

/**
 * Loads axe-core into the page. The site's Content-Security-Policy
 * (script-src 'self') blocks an inline <script> added by addScriptTag, so the
 * source is evaluated through the DevTools protocol, which CSP does not govern.
 */
async function injectAxe(page, source) {
  await page.evaluate(source);
  const version = await page.evaluate(() => (typeof window.axe === 'object' ? window.axe.version : null));
  assert.ok(version, 'axe-core did not load into the page');
  await page.evaluate(disableIconLigatureHeuristic);
  return version;
}

/**
 * Runs in the page. axe's color-contrast rule skips text it takes for an icon
 * font ligature: it draws the first character alone and the whole text on a
 * canvas and calls it a ligature when the two differ enough. Arabic letters
 * change shape when joined, so Arabic text "fails" that test, and after three
 * such text nodes axe decides the whole font family ("Noto Naskh Arabic", …)
 * is an icon font and skips every text node set in it, Latin included: the
 * contrast of the whole site goes unchecked and the rule reports nothing.
 * The site uses no icon fonts, so answer "not a ligature" for every font: the
 * heuristic's per-font tally (cache key 'fonts', used by nothing else) says
 * "seen enough text, none of it ligatures".
 */
function disableIconLigatureHeuristic() {
  const cache = window.axe._cache;
  const get = cache.get;
  const neverLigature = new Proxy({}, { get: () => ({ occurrences: Infinity, numLigatures: 0 }) });
  cache.get = function (key, creator) {
    return key === 'fonts' ? neverLigature : get.call(this, key, creator);
  };
}

/** Runs axe in the page and returns the results, trimmed to what the report needs. */
async function runAxe(page) {
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    const trim = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | '),
          html: n.html,
          impact: n.impact,
          summary: n.failureSummary,
        })),
      }));
    const nodesChecked = (id) =>
      [results.violations, results.passes, results.incomplete]
        .flat()
        .filter((r) => r.id === id)
        .reduce((sum, r) => sum + r.nodes.length, 0);
    return {
      violations: trim(results.violations),
      incomplete: trim(results.incomplete),
      contrastNodes: nodesChecked('color-contrast'),
    };
  }, AXE_TAGS);
}

/** One line: violations (rule×nodes) by impact, then the rules axe could not decide. */
function summaryLine(name, url, { violations, incomplete }) {
  const byImpact = (list) =>
    IMPACT_ORDER.map((impact) => {
      const rules = list.filter((v) => v.impact === impact);
      return rules.length ? `${impact}: ${rules.map((v) => `${v.id}×${v.nodes.length}`).join(', ')}` : null;
    }).filter(Boolean);
  const found = violations.length
    ? `${violations.length} violation(s) — ${byImpact(violations).join('; ')}`
    : 'no violations';
  const review = incomplete.length
    ? ` | needs review: ${incomplete.map((v) => `${v.id}×${v.nodes.length}`).join(', ')}`
    : '';
  return `axe ${name} (${url}): ${found}${review}`;
}

/** Multi-line description of the given violations, for the assertion message. */
function describeViolations(violations) {
  const clip = (s) => (s.length > MAX_HTML_CHARS ? `${s.slice(0, MAX_HTML_CHARS)}…` : s);
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, MAX_NODES_SHOWN)
        .map((n) => `      ${n.target}\n        ${clip(n.html.replace(/\s+/g, ' '))}`)
        .join('\n');
      const more = v.nodes.length > MAX_NODES_SHOWN ? `\n      ... and ${v.nodes.length - MAX_NODES_SHOWN} more` : '';
      return `  - ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node(s); ${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

describe('accessibility (axe-core)', () => {
  let server;
  let browser;
  let axeSource;

  before(async () => {
    axeSource = await readFile(AXE_SOURCE_PATH, 'utf8');
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const spec of PAGES) {
    test(`${spec.name}: no serious or critical axe violations`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const path = typeof spec.path === 'function' ? await spec.path(page, server.baseUrl) : spec.path;
        const url = new URL(path, server.baseUrl).href;

        const res = await page.goto(url);
        assert.equal(res?.status(), spec.status, `status of ${url}`);
        // Contrast checks need the web font and final layout.
        await page.evaluate(() => document.fonts.ready);

        await injectAxe(page, axeSource);
        const results = await runAxe(page);

        console.log(summaryLine(spec.name, url, results));

        // Guards the ligature workaround: contrast is checked on real text.
        assert.ok(
          results.contrastNodes >= MIN_CONTRAST_NODES,
          `axe's color-contrast rule examined only ${results.contrastNodes} element(s) on ${url}, ` +
            `expected at least ${MIN_CONTRAST_NODES}: is it skipping the Arabic text again?`,
        );

        const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
        assert.ok(
          failing.length === 0,
          `${failing.length} serious/critical axe violation(s) on ${spec.name} (${url}):\n` +
            describeViolations(failing),
        );
      } finally {
        await context.close();
      }
    });
  }
});
