// Autosave in a real browser: text typed into the editor and never saved comes
// back when the editor is opened again (a closed tab loses nothing).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addAccount, launchBrowser, signIn, startServer } from './harness.mjs';

const EMAIL = 'writer@news.example';
const PASSWORD = 'a-long-enough-password';
const TITLE = 'عنوان كُتب ولم يُحفظ';

describe('editor autosave', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      setup: (bin, dataDir) => addAccount(bin, dataDir, { email: EMAIL, password: PASSWORD, role: 'author' }),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('typed text survives closing the tab', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.baseUrl, { email: EMAIL, password: PASSWORD });

    await page.goto(`${server.baseUrl}/admin/articles/new`);
    const saved = page.waitForResponse((r) => r.url().endsWith('/admin/autosave'), { timeout: 15_000 });
    await page.fill('#title', TITLE);
    await page.fill('#body', 'فقرة أولى كُتبت للتو.');
    const response = await saved;
    assert.equal(response.status(), 204, 'the autosave was accepted');
    await assert.doesNotReject(
      page.waitForFunction(() => document.getElementById('autosave-status')?.textContent.includes('حُفظت')),
    );
    await page.close(); // the tab is closed without saving

    const again = await context.newPage();
    await again.goto(`${server.baseUrl}/admin/articles/new`);
    assert.equal(await again.inputValue('#title'), TITLE);
    assert.equal(await again.inputValue('#body'), 'فقرة أولى كُتبت للتو.');
    assert.match(await again.textContent('#autosave-status'), /استُعيدت نسخة محفوظة تلقائياً/);
    await context.close();
  });
});
