// Printing an article: headless Chromium prints it to an A4 PDF, and poppler's
// pdftotext shows the PDF holds the headline, date, source, body and the article's
// address, and none of the page's chrome (navigation, actions, comments, search).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, screenshotDir, startServer } from './harness.mjs';

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

describe('printing an article', () => {
  let server;
  let browser;
  let articleUrl;

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.baseUrl}/ar/news/1`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    articleUrl = new URL(res.headers.get('location'), server.baseUrl).href;
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
    });
  }
});
