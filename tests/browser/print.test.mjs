// Printing an article: headless Chromium prints it to an A4 PDF, and poppler's
// pdftotext shows the PDF holds the headline, date, source, body and the article's
// address, and none of the page's chrome (navigation, actions, comments, search).
// The article has an approved comment (a reader sends it and an editor approves
// it, both in the browser, before the tests), so the comments section is not
// empty and leaving it out is something the print stylesheet has to do.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addAccount, clickAndWait, launchBrowser, screenshotDir, signIn, startServer } from './harness.mjs';

const EMAIL = 'editor@news.example';
const PASSWORD = 'a-long-enough-password';
const COMMENT_NAME = 'قارئة من بغداد';
const COMMENT_TEXT = 'قراءة متأنية تستحق المتابعة';
const COMMENTS_HEADING = 'التعليقات';

/** Text for comparing: pdftotext splits words and takes lam-alef ligatures apart. */
function squash(text) {
  return text
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u064b-\u0652\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/لا/g, 'ال')
    .replace(/\s+/g, '');
}

function pdfText(file) {
  const out = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(out.status, 0, `pdftotext failed: ${out.stderr}`);
  return out.stdout;
}

function pdfPages(file) {
  const out = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.equal(out.status, 0, `pdfinfo failed: ${out.stderr}`);
  return out.stdout;
}

/** A reader comments on the article at `articleUrl`, and an editor approves it. */
async function addApprovedComment(browser, baseUrl, articleUrl) {
  const reader = await browser.newContext({ locale: 'ar' });
  try {
    const page = await reader.newPage();
    const opened = await page.goto(`${articleUrl}/comment`);
    assert.equal(opened?.status(), 200, 'status of the comment form');
    await page.fill('#name', COMMENT_NAME);
    await page.fill('#text', COMMENT_TEXT);
    // The server refuses a form sent less than 3 s after it was served.
    await page.waitForTimeout(3_500);
    const sent = await clickAndWait(page, page.getByRole('button', { name: 'أرسل التعليق', exact: true }));
    assert.equal(sent?.status(), 200, `sending the comment: ${await page.locator('p.error').allTextContents()}`);
  } finally {
    await reader.close();
  }

  const editor = await browser.newContext({ locale: 'ar' });
  try {
    const page = await editor.newPage();
    await signIn(page, baseUrl, { email: EMAIL, password: PASSWORD });
    await page.goto(`${baseUrl}/admin/comments`);
    const row = page.locator('table.comments-table tbody tr').filter({ hasText: COMMENT_TEXT });
    assert.equal(await row.count(), 1, 'the comment is in the moderation queue');
    const approved = await clickAndWait(page, row.locator('button[name=one][value^="approve:"]'));
    assert.equal(approved?.status(), 200, `status after approving (${page.url()})`);
    assert.equal(new URL(page.url()).searchParams.get('done'), '1', `one comment approved: ${page.url()}`);
  } finally {
    await editor.close();
  }

  // The page cache follows approvals: the article shows the comment at once.
  const html = await (await fetch(articleUrl)).text();
  assert.ok(html.includes(COMMENT_TEXT), 'the approved comment is on the article page');
}

describe('printing an article', () => {
  let server;
  let browser;
  let articleUrl;

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer({
      setup: (bin, dataDir) => addAccount(bin, dataDir, { email: EMAIL, password: PASSWORD, role: 'editor' }),
    });
    browser = await launchBrowser();
    const res = await fetch(`${server.baseUrl}/ar/news/1`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    articleUrl = new URL(res.headers.get('location'), server.baseUrl).href;
    await addApprovedComment(browser, server.baseUrl, articleUrl);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('control: without the print stylesheet the chrome would be in the PDF', async () => {
    const page = await browser.newPage();
    await page.goto(articleUrl);
    await page.emulateMedia({ media: 'screen' });
    const file = path.join(screenshotDir, 'article-screen.pdf');
    await page.pdf({ path: file, format: 'A4' });
    await page.close();
    const text = squash(pdfText(file));
    assert.ok(text.includes(squash('ارسال الخبر الى صديق')), 'the check for chrome can see it');
    // And the comments: the checks for their absence below can see them too.
    assert.ok(text.includes(squash(COMMENT_TEXT)), 'the approved comment is in the screen PDF');
    assert.ok(text.includes(squash(COMMENTS_HEADING)), 'the comments heading is in the screen PDF');
  });

  for (const [name, suffix] of [['article page', ''], ['print view', '/print']]) {
    test(`the ${name} prints to A4 with the story and without the chrome`, async () => {
      const page = await browser.newPage();
      await page.goto(articleUrl + suffix);
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(screenshotDir, `article${suffix.replace('/', '-') || ''}.pdf`);
      await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: false });
      await page.close();

      assert.match(pdfPages(file), /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      const text = squash(pdfText(file));
      for (const wanted of [
        'العراق والتعاون العسكري مع روسيا',
        'التحديث الاخير بتاريخ',
        'زيارة الوفد العراقي',
        'دلالات التعاون العسكري',
        'فماذا في زيارة الوفد',
        'لن يكون النموذج العراقي الأخير',
        'المصدر / الوقت',
      ]) {
        assert.ok(text.includes(squash(wanted)), `the PDF holds «${wanted}»`);
      }
      if (suffix === '/print') {
        // The print view writes the article's address under it.
        assert.ok(pdfText(file).includes(articleUrl.split('/ar/')[0] + '/ar/news/1/'), 'the address');
      }
      for (const chrome of ['طباعة الخبر', 'ارسال الخبر الى صديق', 'اضافة تعليق', 'ابحث', 'الأكثر قراءة', 'شارك']) {
        assert.ok(!text.includes(squash(chrome)), `the PDF leaves out «${chrome}»`);
      }
      for (const comments of [COMMENT_TEXT, COMMENT_NAME, COMMENTS_HEADING]) {
        assert.ok(!text.includes(squash(comments)), `the PDF leaves out the comments: «${comments}»`);
      }
    });
  }
});
