// Readers' comments in a real browser. A reader follows "اضافة تعليق" under an
// article and sends a comment; it waits in the newsroom's queue, not on the
// article, until an editor approves it, and then shows under the article with
// its author and date; a reply shows under the comment it answers. A form sent
// faster than a person types comes back with the text kept; hostile text stays
// text; the bulk bar marks comments as spam; an editor closes comments.
//
// The editor account is made with the CLI (`nashir user add`, password on
// stdin) before the server starts, as in newsroom.test.mjs.
//
// Each describe has its own server: one address may send 5 comments in 10
// minutes and every comment here comes from 127.0.0.1, so each server gets 3.
// The public article is always read in a fresh browser context: a context that
// saw it before may serve its own copy (max-age=30) instead of asking again.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN) and Chromium
// (scripts/deps). Run: node --test tests/browser/
//
// The steps of a describe run in order; once one fails, the later ones are
// skipped rather than failing for the same reason.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addAccount, clickAndWait, launchBrowser, screenshotDir, signIn, startServer } from './harness.mjs';

const EMAIL = 'moderator@news.example';
const PASSWORD = 'a-long-enough-password';
const DISPLAY_NAME = 'محررة التعليقات';

const CONTEXT = { viewport: { width: 1280, height: 900 }, locale: 'ar' };
/** The server refuses a comment form sent less than 3 s after it was served. */
const FILL_WAIT_MS = 3_500;

const THANKS = 'شكراً على تعليقك';
const NO_COMMENTS = 'لا تعليقات منشورة بعد.';
const CLOSED = 'التعليقات مغلقة على هذا الخبر.';

// Comments are refused as duplicates when their words match one already sent:
// every text here is different. `marker` finds a comment's row in the newsroom.
const FIRST = {
  name: 'سارة الخطيب',
  email: 'sara@example.org',
  text: 'تحليل دقيق لأبعاد الزيارة.\nشكراً للكاتب على هذا الجهد.',
  marker: 'تحليل دقيق لأبعاد الزيارة',
};
const REPLY = {
  name: 'خالد العمري',
  text: 'أتفق معك، والتعاون العسكري له سوابق كثيرة.',
  marker: 'والتعاون العسكري له سوابق',
};
const HASTY = {
  name: 'مستعجل',
  email: 'hasty@example.org',
  text: 'كتبت هذا التعليق على عجل قبل أن أغادر.',
  marker: 'كتبت هذا التعليق على عجل',
};
const LINK = 'https://example.org/x';
const HOSTILE = {
  name: 'زائر فضولي',
  text:
    'اختبار الأمان: <script>window.__pwned = 1</script> ' +
    '<img src=x onerror="window.__pwned = 2"> ' +
    `نص\u202Eمقلوب والمصدر ${LINK} للمزيد`,
  marker: 'اختبار الأمان',
};
const SPAM = [
  { name: 'قارئ أول', text: 'عرض رائع للربح السريع من المنزل بلا تعب.', marker: 'للربح السريع من المنزل' },
  { name: 'قارئ ثان', text: 'اشترك الآن واحصل على جوائز مجانية كل يوم.', marker: 'واحصل على جوائز مجانية' },
];

/** Runs of white space made one space, ends trimmed: how text compares here. */
function collapse(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** `fn(page)` in a new browser context (no cookies, no cached pages), closed after. */
async function withFreshPage(browser, fn) {
  const context = await browser.newContext(CONTEXT);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The canonical address /ar/news/{id} redirects to. */
async function canonicalUrl(baseUrl, id) {
  const res = await fetch(`${baseUrl}/ar/news/${id}`, { redirect: 'manual' });
  await res.arrayBuffer();
  assert.equal(res.status, 301, `GET /ar/news/${id}`);
  return new URL(res.headers.get('location'), baseUrl).href;
}

/** Path of a URL with percent-escapes decoded, for comparing addresses. */
function decodedPath(url, base) {
  return decodeURIComponent(new URL(url, base).pathname);
}

async function assertRtlArabic(page, what) {
  const got = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
  assert.deepEqual(got, { dir: 'rtl', lang: 'ar' }, `<html dir lang> of ${what} (${page.url()})`);
}

/** The refusal the form page shows, if any (for assertion messages too). */
async function formError(page) {
  const error = page.locator('p.error[role=alert]');
  return (await error.count()) ? collapse(await error.textContent()) : null;
}

async function fillForm(page, { name, email = '', text }) {
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#text', text);
}

/** Sends the comment form open in `page`; returns the response. */
function send(page) {
  return clickAndWait(page, page.getByRole('button', { name: 'أرسل التعليق', exact: true }));
}

/** `res` is the thank-you page of a comment sent from `page`. */
async function assertThanked(page, res) {
  assert.equal(res?.status(), 200, `status after sending (${page.url()}), refusal: ${await formError(page)}`);
  assert.equal(collapse(await page.locator('section.message h1').textContent()), THANKS, 'heading after sending');
  assert.match(await page.locator('section.message').textContent(), /بانتظار مراجعة/, 'the comment awaits review');
}

/** Fills in the form already open in `page` as a person would (over 3 s) and sends it. */
async function fillAndSend(page, fields) {
  await fillForm(page, fields);
  await page.waitForTimeout(FILL_WAIT_MS);
  await assertThanked(page, await send(page));
}

/** Opens the comment form at `formUrl` in a fresh context and sends a comment. */
async function comment(browser, formUrl, fields) {
  await withFreshPage(browser, async (page) => {
    const res = await page.goto(formUrl);
    assert.equal(res?.status(), 200, `status of ${formUrl}`);
    await fillAndSend(page, fields);
  });
}

/**
 * The article's comments section as a signed-out reader sees it, measured in one
 * go in a fresh context. `screenshot`, if given, names a picture of the section.
 */
async function readComments(browser, url, screenshot) {
  return withFreshPage(browser, async (page) => {
    const res = await page.goto(url);
    assert.equal(res?.status(), 200, `status of ${url}`);
    if (screenshot) {
      await page.locator('#comments').screenshot({ path: path.join(screenshotDir, screenshot) });
    }
    return page.evaluate(() => {
      const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
      const section = document.querySelector('#comments');
      const view = (li) => {
        // `:scope >` so that a comment is not mixed up with its replies.
        const item = li.querySelector(':scope > article.comment-item');
        const time = item?.querySelector('.comment-meta time');
        const body = item?.querySelector(':scope > div.comment-body');
        return {
          id: li.id,
          author: text(item?.querySelector('.comment-meta bdi.comment-author')),
          datetime: time?.getAttribute('datetime') ?? null,
          date: text(time),
          bodyDir: body?.getAttribute('dir') ?? null,
          body: text(body),
          rawBody: body?.textContent ?? null,
          lineBreaks: body ? body.querySelectorAll('br').length : 0,
          elements: body ? [...body.querySelectorAll('*')].map((el) => el.localName) : [],
          links: body
            ? [...body.querySelectorAll('a')].map((a) => ({
                href: a.getAttribute('href'),
                text: a.textContent,
                nofollowUgc: a.matches('[rel~=nofollow][rel~=ugc]'),
              }))
            : [],
          replyHref: item?.querySelector('a.comment-reply')?.getAttribute('href') ?? null,
          replies: [...li.querySelectorAll(':scope > ol.replies > li.comment.reply')].map(view),
        };
      };
      return {
        count: text(section?.querySelector('h2 .comment-count')),
        empty: text(section?.querySelector('p.no-comments')),
        closed: text(section?.querySelector('p.comments-closed')),
        commentLinks: document.querySelectorAll('a.action-comment').length,
        replyLinks: document.querySelectorAll('a.comment-reply').length,
        threads: section ? [...section.querySelectorAll('ol.comment-list > li.comment')].map(view) : [],
        allComments: section ? section.querySelectorAll('li.comment').length : 0,
        sectionText: text(section) ?? '',
        html: document.documentElement.outerHTML,
        pwned: typeof window.__pwned,
      };
    });
  });
}

/** Opens the moderation list for `status`; the one row whose comment holds `marker`. */
async function queueRow(page, baseUrl, marker, status = 'pending') {
  const res = await page.goto(`${baseUrl}/admin/comments?status=${status}`);
  assert.equal(res?.status(), 200, `status of /admin/comments?status=${status}`);
  const row = page.locator('table.comments-table tbody tr').filter({ hasText: marker });
  assert.equal(await row.count(), 1, `one row holding «${marker}» in /admin/comments?status=${status}`);
  return row;
}

/** Approves the pending comment holding `marker` with its own button; returns its id. */
async function approve(page, baseUrl, marker) {
  const row = await queueRow(page, baseUrl, marker);
  const id = (await row.getAttribute('id'))?.replace(/^comment-/, '');
  assert.match(id ?? '', /^\d+$/, 'row id is comment-<id>');
  const button = row.locator('button[name=one][value^="approve:"]');
  assert.equal(await button.getAttribute('value'), `approve:${id}`);
  assert.equal(collapse(await button.textContent()), 'موافقة');

  const res = await clickAndWait(page, button);
  const landed = new URL(page.url());
  assert.equal(res?.status(), 200, `status after approving (${page.url()})`);
  assert.equal(landed.pathname, '/admin/comments', 'back on the list');
  assert.equal(landed.searchParams.get('done'), '1', `one comment changed: ${page.url()}`);
  assert.equal(await page.locator(`tr#comment-${id}`).count(), 0, 'no longer in the pending queue');
  return id;
}

/**
 * A server with the demo articles and an editor account, a browser, and the
 * editor signed in; `step` runs the describe's steps in order.
 */
function useSite() {
  const s = { failed: null };

  before(async () => {
    await mkdir(screenshotDir, { recursive: true });
    s.server = await startServer({
      setup: (bin, dataDir) =>
        addAccount(bin, dataDir, { email: EMAIL, password: PASSWORD, role: 'editor', name: DISPLAY_NAME }),
    });
    s.baseUrl = s.server.baseUrl;
    s.browser = await launchBrowser();
    s.articleUrl = await canonicalUrl(s.baseUrl, 1);
    s.articleId = new URL(s.articleUrl).pathname.match(/^\/ar\/news\/(\d+)\//)?.[1];
    assert.ok(s.articleId, `an article id in ${s.articleUrl}`);
    s.formUrl = `${s.articleUrl}/comment`;
    s.editorContext = await s.browser.newContext(CONTEXT);
    s.editor = await s.editorContext.newPage();
    await signIn(s.editor, s.baseUrl, { email: EMAIL, password: PASSWORD });
  });

  after(async () => {
    await s.browser?.close();
    if (s.failed && s.server) {
      console.log(`comments test failed at "${s.failed}"; server output:\n${s.server.output() || '(none)'}`);
    }
    await s.server?.stop();
  });

  s.step = (name, fn) =>
    test(name, async (t) => {
      if (s.failed) {
        t.skip(`an earlier step failed: ${s.failed}`);
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        s.failed = name;
        throw err;
      }
    });

  return s;
}

describe('comments: a reader comments, an editor approves, a reader replies', () => {
  const s = useSite();
  let firstId = null;

  s.step('"اضافة تعليق" opens the form; a comment sent after a while is thanked', async () => {
    await withFreshPage(s.browser, async (page) => {
      const res = await page.goto(s.articleUrl);
      assert.equal(res?.status(), 200, `status of ${s.articleUrl}`);
      const link = page.locator('a.action-comment').first();
      assert.equal(collapse(await link.textContent()), 'اضافة تعليق');
      assert.equal(decodedPath(await link.getAttribute('href'), s.articleUrl), decodedPath(s.formUrl));

      const opened = await clickAndWait(page, link);
      assert.equal(opened?.status(), 200, `status of ${page.url()}`);
      assert.equal(decodedPath(page.url()), decodedPath(s.formUrl), 'the form page');
      await assertRtlArabic(page, 'the comment form');
      assert.equal(collapse(await page.locator('section.reader-form h1').textContent()), 'اضافة تعليق');

      const form = page.locator('form.comment-form');
      assert.equal(await form.count(), 1, 'one comment form');
      for (const field of ['#name', '#email', '#text']) {
        assert.equal(await form.locator(field).count(), 1, `the form has ${field}`);
      }
      const token = await form.locator('input[type=hidden][name=token]').inputValue();
      assert.ok(token.length > 0, 'the form carries a token');

      // The honeypot: in the form, empty, hidden from assistive tech and off screen.
      const trap = await page.evaluate(() => {
        const input = document.querySelector('form.comment-form div.trap #website');
        const box = input?.closest('div.trap').getBoundingClientRect();
        return input && {
          value: input.value,
          ariaHidden: input.closest('div.trap').getAttribute('aria-hidden'),
          tabIndex: input.tabIndex,
          offScreen: box.right <= 0 || box.left >= window.innerWidth || box.bottom <= 0 || box.top >= window.innerHeight,
        };
      });
      assert.deepEqual(trap, { value: '', ariaHidden: 'true', tabIndex: -1, offScreen: true }, 'the #website trap');

      await fillAndSend(page, FIRST);
      // It leads back to the article.
      const back = page.locator('section.message a', { hasText: 'العودة إلى الخبر' });
      assert.equal(decodedPath(await back.getAttribute('href'), s.articleUrl), decodedPath(s.articleUrl));
    });
  });

  s.step('the pending comment is not on the article; the queue lists it', async () => {
    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.count, '(0)', 'the heading counts no comments');
    assert.equal(seen.empty, NO_COMMENTS);
    assert.equal(seen.allComments, 0, 'no li.comment');
    assert.ok(!seen.sectionText.includes(FIRST.marker), `the pending comment is not shown: ${seen.sectionText}`);

    const row = await queueRow(s.editor, s.baseUrl, FIRST.marker);
    const rowText = collapse(await row.textContent());
    for (const wanted of [FIRST.name, FIRST.email, '127.0.0.1']) {
      assert.ok(rowText.includes(wanted), `the queue row shows «${wanted}»: ${rowText}`);
    }
  });

  s.step('approved, it shows under the article with name, date and text', async () => {
    firstId = await approve(s.editor, s.baseUrl, FIRST.marker);

    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.count, '(1)', 'the heading counts one comment');
    assert.equal(seen.empty, null, 'no "no comments" line');
    assert.equal(seen.threads.length, 1, 'one comment listed');
    const c = seen.threads[0];
    assert.equal(c.id, `comment-${firstId}`);
    assert.equal(c.author, FIRST.name, 'bdi.comment-author');
    assert.match(c.datetime ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'time[datetime]');
    assert.ok(c.date, 'the time element has text');
    assert.equal(c.bodyDir, 'auto', 'div.comment-body[dir=auto]');
    assert.equal(c.body, collapse(FIRST.text), 'the comment text');
    assert.equal(c.lineBreaks, 1, 'the line break is kept');
    assert.ok(c.replyHref?.endsWith(`/comment?reply=${firstId}`), `a.comment-reply href: ${c.replyHref}`);
    assert.ok(!seen.html.includes(FIRST.email), 'the e-mail address is never shown to readers');
  });

  s.step('a reply shows inside ol.replies under the comment it answers', async () => {
    await withFreshPage(s.browser, async (page) => {
      const res = await page.goto(s.articleUrl);
      assert.equal(res?.status(), 200);
      const reply = page.locator(`#comment-${firstId} > article a.comment-reply`);
      const opened = await clickAndWait(page, reply);
      assert.equal(opened?.status(), 200, `status of ${page.url()}`);
      assert.equal(new URL(page.url()).searchParams.get('reply'), firstId, 'the form knows what it answers');

      const replying = page.locator('div.replying-to');
      assert.equal(await replying.count(), 1, 'div.replying-to');
      assert.equal(collapse(await replying.locator('bdi').textContent()), FIRST.name, 'whom the reply answers');
      assert.ok(
        collapse(await replying.locator('blockquote').textContent()).startsWith(FIRST.marker),
        'an excerpt of the comment answered',
      );
      assert.equal(await page.locator('form.comment-form input[name=reply_to]').inputValue(), firstId);
      await fillAndSend(page, REPLY);
    });

    const replyId = await approve(s.editor, s.baseUrl, REPLY.marker);
    const seen = await readComments(s.browser, s.articleUrl, 'comments-article.png');
    assert.equal(seen.count, '(2)', 'the heading counts the reply');
    assert.equal(seen.threads.length, 1, 'the reply is not a top-level comment');
    const [thread] = seen.threads;
    assert.equal(thread.id, `comment-${firstId}`);
    assert.equal(thread.body, collapse(FIRST.text), 'the parent comment is unchanged');
    assert.equal(thread.replies.length, 1, `replies under comment ${firstId}`);
    const [r] = thread.replies;
    assert.equal(r.id, `comment-${replyId}`);
    assert.equal(r.author, REPLY.name);
    assert.equal(r.body, collapse(REPLY.text));
    assert.equal(r.bodyDir, 'auto');
  });

  s.step('a form sent too fast comes back (400) with the text kept, then goes through', async () => {
    await withFreshPage(s.browser, async (page) => {
      const opened = Date.now();
      const res = await page.goto(s.formUrl, { waitUntil: 'domcontentloaded' });
      assert.equal(res?.status(), 200, `status of ${s.formUrl}`);
      await fillForm(page, HASTY);
      const refused = await send(page);
      const elapsed = Date.now() - opened;
      assert.equal(refused?.status(), 400, `status of a form sent ${elapsed} ms after it was opened`);

      const error = await formError(page);
      assert.ok(error, 'p.error[role=alert] says why');
      assert.match(error, /أسرع/, `the refusal: ${error}`);
      assert.equal(await page.inputValue('#name'), HASTY.name, 'the name is kept');
      assert.equal(await page.inputValue('#email'), HASTY.email, 'the e-mail is kept');
      assert.equal(await page.inputValue('#text'), HASTY.text, 'the text is kept');
      assert.equal(await page.inputValue('#website'), '', 'the trap stays empty');
      assert.ok((await page.locator('input[name=token]').inputValue()).length > 0, 'a new ticket');
      await page.screenshot({ path: path.join(screenshotDir, 'comments-form-refused.png'), fullPage: true });

      // The page that refused it is a new form: send it again as a person would.
      await page.waitForTimeout(FILL_WAIT_MS);
      await assertThanked(page, await send(page));
    });

    // Pending like any other: the article still shows only what was approved.
    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.count, '(2)');
    assert.ok(!seen.sectionText.includes(HASTY.marker), 'the new comment waits for review');
    await queueRow(s.editor, s.baseUrl, HASTY.marker);
  });
});

describe('comments: hostile text, bulk spam, closing comments', () => {
  const s = useSite();

  s.step('markup, bidi overrides and links in a comment stay text once approved', async () => {
    await comment(s.browser, s.formUrl, HOSTILE);

    // The newsroom shows the text too, and runs none of it.
    await queueRow(s.editor, s.baseUrl, HOSTILE.marker);
    assert.equal(await s.editor.evaluate(() => typeof window.__pwned), 'undefined', 'nothing ran in the queue');
    await approve(s.editor, s.baseUrl, HOSTILE.marker);

    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.pwned, 'undefined', 'window.__pwned was never set on the article page');
    assert.equal(seen.threads.length, 1);
    const [c] = seen.threads;
    assert.ok(c.body.includes('<script>window.__pwned = 1</script>'), `the script is shown as text: ${c.body}`);
    assert.ok(c.body.includes('<img src=x onerror="window.__pwned = 2">'), `the img is shown as text: ${c.body}`);
    assert.ok(!c.rawBody.includes('\u202E'), 'no U+202E in the comment body');
    assert.equal(c.body, collapse(HOSTILE.text.replace('\u202E', '')), 'the whole text, less the override');
    assert.deepEqual(
      c.links,
      [{ href: LINK, text: LINK, nofollowUgc: true }],
      'the address is the one link, rel="nofollow ugc"',
    );
    assert.deepEqual(c.elements, ['a'], 'the body holds no element but the link');
  });

  s.step('the bulk bar marks two comments as spam: listed as spam, not on the article', async () => {
    for (const spam of SPAM) await comment(s.browser, s.formUrl, spam);

    const page = s.editor;
    const res = await page.goto(`${s.baseUrl}/admin/comments`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('table.comments-table tbody tr').count(), SPAM.length, 'the pending queue');
    for (const spam of SPAM) {
      const row = page.locator('table.comments-table tbody tr').filter({ hasText: spam.marker });
      assert.equal(await row.count(), 1, `a row for «${spam.marker}»`);
      await row.locator('input[type=checkbox][name=id]').check();
    }
    await page.selectOption('#bulk-action', 'spam');
    const done = await clickAndWait(page, page.getByRole('button', { name: 'تطبيق', exact: true }));
    assert.equal(done?.status(), 200, `status after the bulk action (${page.url()})`);
    assert.equal(new URL(page.url()).searchParams.get('done'), String(SPAM.length), `both changed: ${page.url()}`);
    assert.equal(await page.locator('table.comments-table tbody tr').count(), 0, 'the pending queue is empty');

    for (const spam of SPAM) {
      const row = await queueRow(page, s.baseUrl, spam.marker, 'spam');
      assert.ok(collapse(await row.textContent()).includes(spam.name), `the spam row names ${spam.name}`);
    }
    const tab = collapse(await page.locator('nav.tabs a[aria-current=page]').textContent());
    assert.ok(tab.includes(`(${SPAM.length})`), `the spam tab counts both: ${tab}`);

    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.count, '(1)', 'only the approved comment is counted');
    for (const spam of SPAM) {
      assert.ok(!seen.sectionText.includes(spam.marker), `«${spam.marker}» is not on the article`);
    }
  });

  s.step('closing comments: no link, a closed notice, and the form is refused', async () => {
    // A reader who opened the form before comments closed.
    const lateContext = await s.browser.newContext(CONTEXT);
    try {
      const late = await lateContext.newPage();
      const opened = await late.goto(s.formUrl);
      assert.equal(opened?.status(), 200);
      await fillForm(late, { name: 'قارئ متأخر', text: 'هل من جديد في هذا الملف؟' });

      const page = s.editor;
      const res = await page.goto(`${s.baseUrl}/admin/articles/${s.articleId}`);
      assert.equal(res?.status(), 200, 'status of the editor');
      const sw = page.locator('form.comments-switch');
      assert.equal(await sw.count(), 1, 'form.comments-switch');
      assert.equal(collapse(await sw.locator('strong').textContent()), 'مفتوحة');
      const button = sw.locator('button[type=submit]');
      assert.equal(collapse(await button.textContent()), 'إغلاق التعليقات');
      const closed = await clickAndWait(page, button);
      assert.equal(closed?.status(), 200, `status after closing (${page.url()})`);
      assert.equal(new URL(page.url()).pathname, `/admin/articles/${s.articleId}`, 'back on the editor');
      assert.equal(collapse(await sw.locator('strong').textContent()), 'مغلقة');
      assert.equal(collapse(await sw.locator('button[type=submit]').textContent()), 'فتح التعليقات');

      // The server refuses it, whatever the page said when it was opened.
      await late.waitForTimeout(FILL_WAIT_MS);
      const refused = await send(late);
      assert.equal(refused?.status(), 403, `status of a comment sent after closing; refusal: ${await formError(late)}`);
      assert.equal(collapse(await late.locator('p.comments-closed').textContent()), CLOSED);
      assert.equal(await late.locator('form.comment-form').count(), 0, 'no form to send again');
    } finally {
      await lateContext.close();
    }

    const seen = await readComments(s.browser, s.articleUrl);
    assert.equal(seen.commentLinks, 0, 'no a.action-comment on the article');
    assert.equal(seen.closed, CLOSED, 'p.comments-closed');
    assert.equal(seen.replyLinks, 0, 'no reply links either');
    assert.equal(seen.count, '(1)', 'the approved comment stays');
    assert.equal(seen.threads.length, 1);

    await withFreshPage(s.browser, async (page) => {
      const res = await page.goto(s.formUrl);
      assert.equal(res?.status(), 200, `status of ${s.formUrl} once closed`);
      assert.equal(collapse(await page.locator('p.comments-closed').textContent()), CLOSED);
      assert.equal(await page.locator('form.comment-form').count(), 0, 'no comment form');
    });
  });
});
