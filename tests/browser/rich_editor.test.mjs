// The newsroom's rich editor (editor/, bundled into assets/editor.js) in a real
// browser: it takes the body's textarea's place, right to left; Arabic with a
// Latin word is typed, a word made bold (Ctrl+B) and another italic (Ctrl+I),
// links added (Ctrl+K for a web address, the toolbar for a path on the site,
// a javascript: address refused), a Word fragment and a Google Docs fragment
// pasted (their headings, lists, bold and italics kept; fonts, colours, spans,
// Word's list glyphs and comments, scripts and a tracking pixel gone), a
// picture dropped in (its alt text asked, uploaded in place, captioned) and a
// second one pasted; the textarea follows in the Markdown dialect, the word
// count under the editor too, and autosave sees it all. Then the story is
// published and its public page read: <strong>, <em>, the external link with
// rel="external noopener", the site link without rel, the subheading, the list
// and the picture; and the page printed to a PDF. No Content-Security-Policy
// violation on the way. Then a user who works in English gets it in English.
// Screenshots: target/screenshots/rich-editor-*.png.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/rich_editor.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import zlib from 'node:zlib';

import { addAccount, clickAndWait, launchBrowser, screenshotDir, signIn, startServer, steps } from './harness.mjs';

const ACCOUNT = { email: 'desk@news.example', password: 'a-long-enough-password', role: 'editor', name: 'محررة الديسك' };

const TITLE = 'الحكومة تناقش الموازنة الجديدة';
const LEAD = 'اجتمع مجلس الوزراء لمناقشة مشروع الموازنة العامة للعام المقبل.';
const TYPED = 'أعلنت شركة Apple اليوم افتتاح مكتبها الإقليمي في عمّان بحسب رويترز وتقارير سابقة.';
const BOLD = 'اليوم';
const ITALIC = 'الإقليمي';
const EXTERNAL = 'https://www.reuters.com/world/middle-east/';
const SITE_PATH = '/ar/latest';
const ALT = 'مبنى المكتب الجديد في عمّان';
const CAPTION = 'المكتب الجديد';
const SECOND_ALT = 'مخطط الموازنة';

/** A Word (Windows) clipboard fragment: mso styles, a heading, a bulleted list, bold, a coloured span. */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:12.0pt; font-family:"Calibri",sans-serif;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head>
<body lang=AR-SA dir=RTL style='tab-interval:36.0pt'>
<!--StartFragment-->
<h1 dir=RTL style='mso-margin-top-alt:auto'><span lang=AR-SA style='font-family:"Times New Roman",serif;color:#1F3864'>نتائج <b>الاجتماع</b> الوزاري<o:p></o:p></span></h1>
<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl;unicode-bidi:embed'><span lang=AR-SA style='font-size:14.0pt;font-family:"Arial",sans-serif;mso-bidi-font-family:Arial'>ناقش الوزراء </span><b><span lang=AR-SA style='font-size:14.0pt'>خطة التقشف</span></b><span lang=AR-SA style='font-size:14.0pt'> و</span><span lang=AR-SA style='color:red;mso-themecolor:accent2'>الموازنة الجديدة</span><span lang=AR-SA>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst dir=RTL style='margin-right:36.0pt;mso-add-space:auto;text-align:right;text-indent:-18.0pt;mso-list:l0 level1 lfo1;direction:rtl;unicode-bidi:embed'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span dir=RTL></span><span lang=AR-SA>خفض الإنفاق العام<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast dir=RTL style='margin-right:36.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1;direction:rtl'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=AR-SA>زيادة <span style='font-weight:bold'>الضرائب</span> على الكماليات<o:p></o:p></span></p>
<p class=MsoNormal><span style='mso-spacerun:yes'> </span><img src="https://tracker.example/pixel.gif?id=42" width=1 height=1><script>window.pwned = true</script></p>
<!--EndFragment-->
</body></html>`;

/** A Google Docs fragment: the not-bold <b> wrapper, weights and styles as CSS, a link with tracking. */
const DOCS_HTML = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5a6e1c2f-7fff-1a2b-3c4d"><p dir="rtl" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400;">وقال </span><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:700;">المتحدث</span><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400;"> إن </span><span style="font-size:11pt;font-family:Arial;color:#000000;font-style:italic;">العجز</span><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400;"> سينخفض، وفق </span><a href="https://www.google.com/url?q=https://data.example/report?utm_source%3Ddocs%26page%3D2&amp;sa=D&amp;source=editors" style="text-decoration:none;"><span style="color:#1155cc;text-decoration:underline;">التقرير</span></a><span style="font-weight:400;">.</span></p></b>`;

// ------------------------------------------------------------ a small PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** A width×height RGB PNG: a gradient with a band, made here (no file needed). */
function png(width, height, hue) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = Math.abs(y - height / 2) < height / 8;
      row[1 + x * 3] = band ? 240 : (x * 255) / width;
      row[2 + x * 3] = band ? hue : (y * 255) / height;
      row[3 + x * 3] = band ? 40 : hue;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------ page helpers

/**
 * Selects `text` inside the editor, as a mouse drag would, and waits until the
 * editor has taken the selection in (its toolbar is updated after each of its
 * transactions). Just after the editor takes focus back (a dialog closed) it
 * puts its own selection back for a moment: then the selection is made again.
 */
async function selectInEditor(page, text) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const found = await page.evaluate((wanted) => {
      const toolbar = document.querySelector('[role="toolbar"]');
      window.__selectionTaken = false;
      const watch = new MutationObserver(() => {
        if (getSelection().toString() === wanted) {
          window.__selectionTaken = true;
          watch.disconnect();
        }
      });
      watch.observe(toolbar, { attributes: true, subtree: true });
      const root = document.querySelector('.rich-body');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(wanted);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + wanted.length);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return true;
        }
      }
      return false;
    }, text);
    assert.ok(found, `"${text}" is in the editor`);
    const taken = await page
      .waitForFunction(() => window.__selectionTaken === true, null, { timeout: 250 })
      .then(() => true, () => false);
    if (taken && (await page.evaluate((wanted) => getSelection().toString() === wanted, text))) return;
  }
  assert.fail(`the editor never took the selection of "${text}"`);
}

/** The cursor at the very end of the editor's text. */
async function toEnd(page) {
  await page.focus('.rich-body');
  await page.keyboard.press('Control+End');
}

/** Pastes clipboard data (`text/html`, `text/plain`, files) into the editor. */
async function paste(page, { html, text, file }) {
  await page.evaluate(
    ({ html, text, file }) => {
      const data = new DataTransfer();
      if (html) data.setData('text/html', html);
      if (text) data.setData('text/plain', text);
      if (file) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const editor = document.querySelector('.rich-body');
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { html, text, file },
  );
}

/** Drops a file on the editor, at the end of its last block. */
async function drop(page, file) {
  await page.evaluate((file) => {
    const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], file.name, { type: file.type }));
    const editor = document.querySelector('.rich-body');
    const last = editor.lastElementChild.getBoundingClientRect();
    const at = { clientX: last.left + 4, clientY: last.bottom - 4 };
    for (const type of ['dragenter', 'dragover', 'drop']) {
      editor.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, ...at }));
    }
  }, file);
}

/** The editor's content as a reader of the DOM sees it. */
async function editorState(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.rich-body');
    const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
    return {
      h2: [...editor.querySelectorAll('h2')].map(text),
      h2Marks: editor.querySelectorAll('h2 strong, h2 em, h2 a').length,
      items: [...editor.querySelectorAll('ul > li')].map(text),
      strong: [...editor.querySelectorAll('strong')].map(text),
      em: [...editor.querySelectorAll('em')].map(text),
      links: [...editor.querySelectorAll('a')].map((a) => [text(a), a.getAttribute('href')]),
      junk: editor.querySelectorAll('span:not(.rich-image-missing):not(.rich-uploading), font, img:not(.rich-image-frame img), script, style, [style], [class*="Mso"], o\\:p').length,
      text: editor.textContent,
      images: [...editor.querySelectorAll('figure.rich-image')].map((f) => ({
        media: f.dataset.media,
        src: f.querySelector('img')?.getAttribute('src'),
        alt: f.querySelector('img')?.getAttribute('alt'),
        caption: text(f.querySelector('figcaption')),
      })),
    };
  });
}

const base64 = (bytes) => Buffer.from(bytes).toString('base64');

/**
 * Serious or critical axe-core violations (WCAG 2.1 A/AA, best practices)
 * inside `selector`. axe is evaluated through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern.
 */
async function axeViolations(page, selector) {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
  return page.evaluate(async (include) => {
    const results = await window.axe.run(
      { include: [include] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
    );
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.html.slice(0, 160)).join(' | ')}`);
  }, selector);
}

describe('the rich editor: write, paste, drop a picture, publish, print', () => {
  let server;
  let browser;
  let page;
  let reader;
  let articleId = null;
  let publicUrl = null;
  const violations = [];
  const pageErrors = [];
  const { step, failed } = steps();

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    server = await startServer({ setup: (bin, dataDir) => addAccount(bin, dataDir, ACCOUNT) });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ar' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    reader = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ar' })).newPage();
  });

  after(async () => {
    await browser?.close();
    if (failed() && server) console.log(`rich editor test failed at "${failed()}"; server output:\n${server.output()}`);
    await server?.stop();
  });

  step('the editor replaces the textarea: a labelled, right-to-left text box with a toolbar', async () => {
    await signIn(page, server.baseUrl, ACCOUNT);
    const res = await page.goto(`${server.baseUrl}/admin/articles/new`);
    assert.equal(res?.status(), 200);
    const editor = page.locator('.rich-body');
    await editor.waitFor();
    const described = await page.evaluate(() => {
      const body = document.querySelector('.rich-body');
      const textarea = document.getElementById('body');
      const label = document.getElementById(body.getAttribute('aria-labelledby'));
      const toolbar = document.querySelector('[role="toolbar"]');
      const p = document.createElement('p');
      body.append(p); // a scratch paragraph, for its computed style
      const bidi = getComputedStyle(body.querySelector('p')).unicodeBidi;
      p.remove();
      return {
        role: body.getAttribute('role'),
        dir: body.getAttribute('dir'),
        editable: body.isContentEditable,
        label: label?.textContent,
        toolbarLabel: toolbar?.getAttribute('aria-label'),
        buttons: [...toolbar.querySelectorAll('button')].map((b) => [b.textContent, b.getAttribute('aria-label'), b.type]),
        tabStops: [...toolbar.querySelectorAll('button')].filter((b) => b.tabIndex === 0).length,
        textareaName: textarea.name,
        textareaHidden: textarea.getAttribute('aria-hidden') === 'true' && textarea.getBoundingClientRect().width <= 1,
        bidi,
        stats: document.getElementById('rich-stats')?.getAttribute('role'),
      };
    });
    assert.deepEqual(
      { ...described, buttons: described.buttons.map(([text, label, type]) => `${text}|${label}|${type}`) },
      {
        role: 'textbox',
        dir: 'rtl',
        editable: true,
        label: 'النص',
        toolbarLabel: 'تنسيق النص',
        buttons: ['عنوان فرعي', 'قائمة', 'اقتباس', 'عريض', 'مائل', 'رابط', 'صورة', 'تضمين'].map((l) => `${l}|${l}|button`),
        tabStops: 1,
        textareaName: 'body',
        textareaHidden: true,
        bidi: 'plaintext',
        stats: 'status',
      },
    );
    assert.equal(await page.getAttribute('button[aria-label="عريض"]', 'aria-keyshortcuts'), 'Control+B');
  });

  step('type Arabic with a Latin word; Ctrl+B, Ctrl+I, Ctrl+K; a site link from the toolbar', async () => {
    await page.fill('#title', TITLE);
    await page.fill('#lead', LEAD);
    await page.click('.rich-body');
    await page.keyboard.type(TYPED);

    await selectInEditor(page, BOLD);
    await page.keyboard.press('Control+b');
    await selectInEditor(page, ITALIC);
    await page.keyboard.press('Control+i');

    // Ctrl+K on a word: a javascript: address is refused with a message, a web address taken.
    await selectInEditor(page, 'رويترز');
    await page.keyboard.press('Control+k');
    const dialog = page.locator('dialog.rich-dialog[open]');
    await dialog.waitFor();
    await dialog.locator('input').fill('javascript:alert(1)');
    await dialog.locator('input').press('Enter');
    assert.match(await dialog.locator('[role="alert"]').textContent(), /لا يُقبل هذا الرابط/);
    assert.ok(await dialog.isVisible(), 'the dialog stays open after a refusal');
    await dialog.locator('input').fill(EXTERNAL);
    await dialog.locator('input').press('Enter');
    await page.locator('dialog.rich-dialog').waitFor({ state: 'detached' });

    // The toolbar's link button on another phrase: a path on this site.
    await selectInEditor(page, 'تقارير سابقة');
    await page.click('button[aria-label="رابط"]');
    await dialog.waitFor();
    await dialog.locator('input').fill(SITE_PATH);
    await dialog.getByRole('button', { name: 'حفظ الرابط' }).click();
    await page.locator('dialog.rich-dialog').waitFor({ state: 'detached' });

    const state = await editorState(page);
    assert.deepEqual(state.strong, [BOLD]);
    assert.deepEqual(state.em, [ITALIC]);
    assert.deepEqual(state.links, [
      ['رويترز', EXTERNAL],
      ['تقارير سابقة', SITE_PATH],
    ]);
    const body = await page.inputValue('#body');
    assert.equal(
      body,
      `أعلنت شركة Apple **${BOLD}** افتتاح مكتبها _${ITALIC}_ في عمّان بحسب [رويترز](${EXTERNAL}) و[تقارير سابقة](${SITE_PATH}).`,
      'the textarea holds the body in the Markdown dialect',
    );
  });

  step('paste from Word and Google Docs: structure and emphasis kept, the rest dropped', async () => {
    await toEnd(page);
    await page.keyboard.press('Enter');
    await paste(page, { html: WORD_HTML, text: 'نتائج الاجتماع الوزاري' });
    // After the list: Enter makes an item, Enter on the empty item leaves the list.
    await toEnd(page);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await paste(page, { html: DOCS_HTML, text: 'وقال المتحدث' });

    const state = await editorState(page);
    assert.deepEqual(state.h2, ['نتائج الاجتماع الوزاري'], 'Word\'s h1 is a subheading');
    assert.equal(state.h2Marks, 0, 'a subheading is plain text');
    assert.deepEqual(state.items, ['خفض الإنفاق العام', 'زيادة الضرائب على الكماليات'], 'Word\'s list paragraphs are list items, without their bullet glyphs');
    assert.deepEqual(state.strong, [BOLD, 'خطة التقشف', 'الضرائب', 'المتحدث'], 'bold kept: <b>, font-weight:bold and 700');
    assert.deepEqual(state.em, [ITALIC, 'العجز'], 'italics kept: font-style:italic');
    assert.deepEqual(state.links.at(-1), ['التقرير', 'https://data.example/report?page=2'], 'the link kept, out of Google\'s redirect, without utm_');
    assert.equal(state.junk, 0, 'no spans, fonts, styles, classes, o:p, images or scripts');
    for (const gone of ['·', 'mso', 'Symbol', 'StartFragment', 'pixel', 'pwned']) {
      assert.ok(!state.text.includes(gone), `"${gone}" left behind`);
    }
    assert.ok(state.text.includes('والموازنة الجديدة.'), 'the coloured span\'s text is kept as text');
    assert.equal(await page.evaluate(() => window.pwned), undefined, 'the pasted script never ran');

    const body = await page.inputValue('#body');
    for (const part of [
      '## نتائج الاجتماع الوزاري',
      'ناقش الوزراء **خطة التقشف** والموازنة الجديدة.',
      '- خفض الإنفاق العام\n- زيادة **الضرائب** على الكماليات',
      'وقال **المتحدث** إن _العجز_ سينخفض، وفق [التقرير](https://data.example/report?page=2).',
    ]) {
      assert.ok(body.includes(part), `the body has ${JSON.stringify(part)}:\n${body}`);
    }
  });

  step('drop a picture: its alt text is asked (required), it uploads in place, and gets a caption', async () => {
    await drop(page, { name: 'office.png', type: 'image/png', base64: base64(png(480, 320, 90)) });
    const dialog = page.locator('dialog.rich-dialog[open]');
    await dialog.waitFor();
    assert.match(await dialog.locator('h2').textContent(), /النص البديل/);
    assert.ok(await dialog.locator('img.rich-dialog-picture').isVisible(), 'the dialog shows the picture');
    await dialog.locator('input').press('Enter');
    assert.match(await dialog.locator('[role="alert"]').textContent(), /لا يُترك النص البديل فارغاً/);
    await dialog.locator('input').fill(ALT);
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/admin/media') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'ارفع الصورة' }).click();
    const response = await uploaded;
    assert.equal(response.status(), 201, await response.text());
    const answer = await response.json();
    assert.equal(answer.alt, ALT);
    await page.locator(`figure.rich-image[data-media="${answer.id}"] img`).waitFor();
    const [image] = (await editorState(page)).images;
    assert.deepEqual(image, { media: String(answer.id), src: answer.url, alt: ALT, caption: '' });
    assert.ok(await page.evaluate((src) => {
      const img = document.querySelector(`.rich-body img[src="${src}"]`);
      return img.complete && img.naturalWidth > 0;
    }, answer.url), 'the uploaded picture shows in the editor');

    await page.click(`figure.rich-image[data-media="${answer.id}"] figcaption`);
    await page.keyboard.type(CAPTION);
    await page.waitForFunction(
      (md) => document.getElementById('body').value.includes(md),
      `![${CAPTION}](media:${answer.id})`,
    );
    // Enter leaves the caption for a new paragraph after the picture.
    await page.keyboard.press('Enter');
    await page.keyboard.type('فقرة بعد الصورة.');
    const body = await page.inputValue('#body');
    assert.ok(body.endsWith(`![${CAPTION}](media:${answer.id})\n\nفقرة بعد الصورة.`), body);
  });

  step('paste a picture file: uploaded in place too; word count and autosave follow', async () => {
    await page.focus('.rich-body');
    await paste(page, { file: { name: 'chart.png', type: 'image/png', base64: base64(png(300, 200, 200)) } });
    const dialog = page.locator('dialog.rich-dialog[open]');
    await dialog.waitFor();
    await dialog.locator('input').fill(SECOND_ALT);
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/admin/media') && r.request().method() === 'POST');
    const autosaved = page.waitForResponse((r) => r.url().endsWith('/admin/autosave'), { timeout: 15_000 });
    await dialog.locator('input').press('Enter');
    const answer = await (await uploaded).json();
    await page.locator(`figure.rich-image[data-media="${answer.id}"] img`).waitFor();
    assert.ok((await page.inputValue('#body')).includes(`![](media:${answer.id})`));
    assert.ok((await autosaved).ok(), 'the autosave took the change');

    await page.waitForFunction(() => /كلمة/.test(document.getElementById('rich-stats').textContent));
    const stats = await page.textContent('#rich-stats');
    assert.match(stats, /^[٠-٩٬]+ كلمة · (دقيقة|دقيقتان|[٠-٩]+ دقائق) للقراءة$/, stats);
    await page.screenshot({ path: path.join(screenshotDir, 'rich-editor-editing.png'), fullPage: true });
  });

  step('accessibility: the editor and its link dialog pass axe; Escape leaves the dialog unchanged', async () => {
    assert.deepEqual(await axeViolations(page, '.rich-editor'), []);
    const before = await page.inputValue('#body');
    await selectInEditor(page, 'فقرة بعد الصورة');
    await page.keyboard.press('Control+k');
    const dialog = page.locator('dialog.rich-dialog[open]');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), true, 'focus is in the dialog');
    assert.deepEqual(await axeViolations(page, 'dialog.rich-dialog'), []);
    await page.keyboard.press('Escape');
    await page.locator('dialog.rich-dialog').waitFor({ state: 'detached' });
    assert.equal(await page.inputValue('#body'), before, 'nothing changed');
    // The toolbar: one tab stop, the arrow keys move along it (right to left).
    await page.focus('button[aria-label="عنوان فرعي"]');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'قائمة');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'تضمين');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'صورة');
    // «صورة» chooses a file; cancelling its alt-text question uploads nothing.
    let posted = 0;
    const count = (r) => {
      if (r.url().endsWith('/admin/media') && r.method() === 'POST') posted += 1;
    };
    page.on('request', count);
    const choosing = page.waitForEvent('filechooser');
    await page.evaluate(() => 0); // the file chooser is intercepted from here on
    await page.keyboard.press('Enter');
    const chooser = await choosing;
    await chooser.setFiles({ name: 'cancelled.png', mimeType: 'image/png', buffer: png(120, 80, 10) });
    await page.locator('dialog.rich-dialog[open]').waitFor();
    await page.getByRole('button', { name: 'إلغاء' }).click();
    await page.locator('dialog.rich-dialog').waitFor({ state: 'detached' });
    page.off('request', count);
    assert.equal(posted, 0, 'nothing uploaded');
    assert.equal(await page.inputValue('#body'), before, 'nothing changed');
  });

  step('embed: an address from another site becomes a block of its own', async () => {
    await page.click('button[aria-label="تضمين"]');
    const dialog = page.locator('dialog.rich-dialog');
    await dialog.waitFor();
    await dialog.locator('input').fill('javascript:alert(1)');
    await dialog.locator('input').press('Enter');
    assert.ok(await dialog.isVisible(), 'a script address is refused');
    await dialog.locator('input').fill('https://video.example/watch?v=1');
    await dialog.getByRole('button', { name: 'تضمين' }).click();
    await page.locator('dialog.rich-dialog').waitFor({ state: 'detached' });
    await page.locator('.rich-embed').waitFor();
    const body = await page.inputValue('#body');
    assert.match(body, /(^|\n\n)<https:\/\/video\.example\/watch\?v=1>(\n\n|$)/, body);
  });

  step('publish: the public page has <strong>, <em>, both links, the subheading, the list and the picture', async () => {
    const res = await clickAndWait(page, page.locator('button[name=action][value=publish]'));
    const match = new URL(page.url()).pathname.match(/^\/admin\/articles\/(\d+)$/);
    assert.ok(match && res?.status() === 200, `publishing led to ${page.url()} (${res?.status()}): ${await page.locator('.error').allTextContents()}`);
    articleId = match[1];
    // Reopened, the editor shows what was saved.
    await page.locator('.rich-body').waitFor();
    const again = await editorState(page);
    assert.deepEqual(again.strong, [BOLD, 'خطة التقشف', 'الضرائب', 'المتحدث']);
    assert.equal(again.images.length, 2);
    assert.equal(again.images[0].caption, CAPTION);

    const seen = await reader.goto(`${server.baseUrl}/ar/news/${articleId}`);
    assert.equal(seen?.status(), 200);
    publicUrl = reader.url();
    const article = await reader.evaluate(() => {
      const body = document.querySelector('.article-body');
      const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
      return {
        strong: [...body.querySelectorAll('strong')].map(text),
        em: [...body.querySelectorAll('em')].map(text),
        links: [...body.querySelectorAll('a:not(.embed a)')].map((a) => ({ text: text(a), href: a.getAttribute('href'), rel: a.getAttribute('rel') })),
        embed: [...body.querySelectorAll('figure.embed a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')]),
        h2: [...body.querySelectorAll('h2')].map(text),
        items: [...body.querySelectorAll('ul li')].map((li) => text(li).replace(/^– /, '')),
        figures: [...body.querySelectorAll('figure.body-image')].map((f) => ({
          src: f.querySelector('img')?.getAttribute('src'),
          alt: f.querySelector('img')?.getAttribute('alt'),
          caption: f.querySelector('figcaption') ? text(f.querySelector('figcaption')) : null,
        })),
        text: body.textContent,
      };
    });
    assert.deepEqual(article.strong, [BOLD, 'خطة التقشف', 'الضرائب', 'المتحدث'], '<strong>');
    assert.deepEqual(article.em, [ITALIC, 'العجز'], '<em>');
    assert.deepEqual(article.links, [
      { text: 'رويترز', href: EXTERNAL, rel: 'external noopener' },
      { text: 'تقارير سابقة', href: SITE_PATH, rel: null },
      { text: 'التقرير', href: 'https://data.example/report?page=2', rel: 'external noopener' },
    ]);
    assert.deepEqual(article.h2, ['نتائج الاجتماع الوزاري']);
    assert.deepEqual(article.embed, [['https://video.example/watch?v=1', 'external noopener']]);
    assert.deepEqual(article.items, ['خفض الإنفاق العام', 'زيادة الضرائب على الكماليات']);
    assert.equal(article.figures.length, 2, JSON.stringify(article.figures));
    assert.match(article.figures[0].src, /^\/media\/\d+\/\d+\.png$/);
    assert.deepEqual([article.figures[0].alt, article.figures[0].caption], [ALT, CAPTION]);
    assert.deepEqual([article.figures[1].alt, article.figures[1].caption], [SECOND_ALT, null]);
    assert.ok(article.text.includes('Apple'), 'the Latin word is there');
    for (const gone of ['·', 'mso', '**', '](']) assert.ok(!article.text.includes(gone), `"${gone}" on the page`);
  });

  step('print the public page to a PDF', async () => {
    await reader.goto(publicUrl);
    await reader.evaluate(async () => {
      // Pictures load lazily: bring them in before printing.
      for (const img of document.querySelectorAll('img')) img.loading = 'eager';
      await Promise.all([...document.images].map((img) => (img.complete ? null : img.decode().catch(() => null))));
    });
    await reader.emulateMedia({ media: 'print' });
    const pdf = await reader.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 20_000, `a PDF of ${pdf.length} bytes`);
    const file = path.join(os.tmpdir(), `nashir-rich-editor-${process.pid}.pdf`);
    await writeFile(file, pdf);
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    if (text.status === 0) {
      assert.ok(text.stdout.includes('Apple'), 'the PDF holds the body\'s text');
    }
    await writeFile(path.join(screenshotDir, 'rich-editor-article.pdf'), pdf);
  });

  step('a user who works in English gets the editor in English', async () => {
    await page.goto(`${server.baseUrl}/admin/password`);
    await page.selectOption('#language', 'en');
    const changed = await clickAndWait(page, page.locator('form[action="/admin/language"] button[type="submit"]'));
    assert.ok(changed?.ok(), `the language form answered ${changed?.status()}`);
    const res = await page.goto(`${server.baseUrl}/admin/articles/new`);
    assert.equal(res?.status(), 200);
    await page.locator('.rich-body').waitFor();
    const described = await page.evaluate(() => {
      const toolbar = document.querySelector('[role="toolbar"]');
      return {
        lang: document.documentElement.lang,
        toolbarLabel: toolbar.getAttribute('aria-label'),
        buttons: [...toolbar.querySelectorAll('button')].map((b) => `${b.textContent}|${b.getAttribute('aria-label')}`),
        help: document.getElementById('body-help').textContent,
        stats: document.getElementById('rich-stats').textContent,
        hint: document.querySelector('.rich-empty')?.dataset.hint ?? null,
      };
    });
    assert.equal(described.lang, 'en');
    assert.equal(described.toolbarLabel, 'Text formatting');
    assert.deepEqual(
      described.buttons,
      ['Subheading', 'List', 'Quote', 'Bold', 'Italic', 'Link', 'Picture', 'Embed'].map((l) => `${l}|${l}`),
    );
    assert.match(described.help, /^Shortcuts: bold \u2066Ctrl\+B\u2069, /);
    assert.match(described.stats, /^[\d,]+ words?( · [\d,]+ minutes? to read)?$/);
    if (described.hint !== null) assert.equal(described.hint, 'Write the story here…');
    // The link dialog too.
    await page.click('.rich-body');
    await page.keyboard.type('Markets rallied.');
    await page.click('button[aria-label="Link"]');
    const dialog = page.locator('dialog.rich-dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('h2').textContent(), 'Add a link');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.screenshot({ path: path.join(screenshotDir, 'rich-editor-english.png') });
    const words = await page.evaluate(() =>
      ['.rich-toolbar', '#body-help', '#rich-stats'].map((s) => document.querySelector(s).textContent).join(' '),
    );
    assert.ok(!/[\u0600-\u06ff]/.test(words), `no Arabic in the English editor's words: ${words}`);
  });

  step('no Content-Security-Policy violation and no script error on the way', async () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(pageErrors, []);
  });
});
