// Autosave in a real browser: text typed into the editor and never saved comes
// back when the editor is opened again (a closed tab loses nothing).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, startServer } from './harness.mjs';

const EMAIL = 'writer@news.example';
const PASSWORD = 'a-long-enough-password';
const TITLE = 'عنوان كُتب ولم يُحفظ';

describe('editor autosave', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      setup: async (bin, dataDir) => {
        const res = spawnSync(bin, ['--data', dataDir, 'user', 'add', EMAIL, '--role', 'author'], {
          input: `${PASSWORD}\n`,
          encoding: 'utf8',
        });
        assert.equal(res.status, 0, `user add failed: ${res.stderr}`);
      },
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
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${server.baseUrl}/admin`), page.click('button[type=submit]')]);

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
