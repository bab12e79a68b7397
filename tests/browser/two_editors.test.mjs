// Two editors on one story, in two real browser contexts: both open it, the
// second sees the first is there (the server-rendered hint), the first saves,
// the second's save is refused with a line diff of the first one's change and
// their own text kept, and "save mine on top" then lands it as a new revision.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { addAccount, clickAndWait, launchBrowser, screenshotDir, signIn, startServer, steps } from './harness.mjs';

const PASSWORD = 'a-long-enough-password';
const FIRST = { email: 'first@news.example', password: PASSWORD, role: 'editor', name: 'سلمى' };
const SECOND = { email: 'second@news.example', password: PASSWORD, role: 'editor', name: 'كريم' };
const THEIR_LEAD = 'مقدمة أعادت سلمى كتابتها بعد اتصال بالوزارة.';
const MY_BODY = 'فقرة كتبها كريم في الوقت نفسه.';

describe('two editors, one story', () => {
  let server;
  let browser;
  let first;
  let second;
  const { step, failed } = steps();
  let editorUrl = null;

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer({
      setup: (bin, dataDir) => {
        addAccount(bin, dataDir, FIRST);
        addAccount(bin, dataDir, SECOND);
      },
    });
    browser = await launchBrowser();
    const context = () => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    first = await (await context()).newPage();
    second = await (await context()).newPage();
  });

  after(async () => {
    await browser?.close();
    if (failed() && server) {
      console.log(`two-editors test failed at "${failed()}"; server output:\n${server.output() || '(none)'}`);
    }
    await server?.stop();
  });

  const url = (p) => new URL(p, server.baseUrl).href;

  step('both sign in; the first writes a draft', async () => {
    await signIn(first, server.baseUrl, FIRST);
    await signIn(second, server.baseUrl, SECOND);
    await first.goto(url('/admin/articles/new'));
    await first.fill('#title', 'الوزارة تعلن موازنة العام المقبل');
    await first.fill('#lead', 'مقدمة أولى.');
    await first.fill('#body', 'فقرة أولى.');
    await clickAndWait(first, first.locator('button[name=action][value=draft]'));
    editorUrl = first.url();
    assert.match(new URL(editorUrl).pathname, /^\/admin\/articles\/\d+$/, `after saving: ${editorUrl}`);
  });

  step('the second opens it and sees the first is there', async () => {
    await first.goto(editorUrl);
    const res = await second.goto(editorUrl);
    assert.equal(res?.status(), 200);
    const hint = second.locator('p.editing');
    assert.equal(await hint.isVisible(), true, 'the hint shows');
    assert.match(await hint.textContent(), new RegExp(FIRST.name), 'it names the first editor');
  });

  step('the first saves; the second save is refused with the diff, their text kept', async () => {
    await first.fill('#lead', THEIR_LEAD);
    await clickAndWait(first, first.locator('button[name=action][value=draft]'));
    await second.fill('#body', MY_BODY);
    const refused = await clickAndWait(second, second.locator('button[name=action][value=draft]'));
    assert.equal(refused?.status(), 409, 'the second save is a conflict');
    const conflict = await second.evaluate(() => {
      const section = document.querySelector('section.conflict');
      return section && {
        added: [...section.querySelectorAll('pre.diff .added')].map((s) => s.textContent.trim()),
        removed: [...section.querySelectorAll('pre.diff .removed')].map((s) => s.textContent.trim()),
      };
    });
    assert.ok(conflict, 'the conflict section shows');
    assert.ok(conflict.added.includes(THEIR_LEAD), `their change is marked added: ${JSON.stringify(conflict)}`);
    assert.ok(conflict.removed.includes('مقدمة أولى.'), `and what it replaced, removed: ${JSON.stringify(conflict)}`);
    assert.equal((await second.inputValue('#body')).trim(), MY_BODY, 'their own text is still in the form');
    await second.screenshot({ path: path.join(screenshotDir, 'two-editors-conflict.png'), fullPage: true });
  });

  step('"save mine on top" lands it as a new revision', async () => {
    const saved = await clickAndWait(second, second.getByRole('button', { name: 'احفظ نصي مراجعةً جديدة فوقها' }));
    assert.equal(saved?.status(), 200, `after saving on top: ${second.url()}`);
    assert.equal(second.url(), editorUrl);
    assert.equal((await second.inputValue('#body')).trim(), MY_BODY);
    await second.goto(`${editorUrl}/revisions`);
    const rows = await second.locator('table tbody tr').count();
    assert.equal(rows, 3, 'three revisions: the draft, the first one\'s save, the second one\'s on top');
  });
});
