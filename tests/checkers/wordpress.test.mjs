// `nashir import-wordpress` on a real WordPress export, not a typed one:
// scripts/wordpress-export installs Debian's WordPress 6.1 on a throwaway MariaDB,
// fills an Arabic site through WordPress's own functions (classic and Gutenberg
// posts, a [caption], the reference article's kind of text, every post status, a
// sticky post, featured images with resized copies, nested Arabic categories,
// threaded and moderated comments, a page) and exports it with export_wp(). The
// export is imported twice, with --media and a --section-map for one Arabic
// category, into a fresh site, which is then served and read with fetch:
//
//   - a line per post not in the trash; the second run prints the same ids and
//     adds no comment;
//   - articles show their text, not HTML or shortcodes; images are stored, with
//     WordPress's alt text, and served; dates are WordPress's GMT ones;
//   - approved comments are shown, replies under their thread; pending, spam and
//     trashed ones are not; unpublished posts are not public;
//   - the sticky post leads the front page;
//   - old addresses answer 301: /?p=ID, the permalinks (percent-encoded Arabic,
//     either hex case), /category/…/, /tag/…/, /author/…/.
//
//   - classic-editor text keeps its single line breaks (a line ending in ':' and
//     each dash bullet apart), and an unpublished post's old address does not
//     give its headline away.
//
// Needs the nashir binary and the Debian packages scripts/deps installs
// (wordpress, wordpress-l10n, mariadb-server, php-cli, php-mysql, php-gd).
// scripts/test runs it once, on SQLite. Run: node --test tests/checkers/wordpress.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { childEnv, repoRoot, startServer } from '../browser/harness.mjs';

/** The items of a WXR file WordPress wrote (its layout is fixed: a regex will do). */
function wxrItems(xml) {
  const field = (item, name) => {
    const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`).exec(item);
    return m ? m[1] : '';
  };
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item]) => ({
    id: Number(field(item, 'wp:post_id')),
    type: field(item, 'wp:post_type'),
    status: field(item, 'wp:status'),
    link: field(item, 'link'),
    dateGmt: field(item, 'wp:post_date_gmt'),
    comments: [...item.matchAll(/<wp:comment_approved><!\[CDATA\[(.*?)\]\]>/g)].map((m) => m[1]),
  }));
}

/** `id\tpath\told link` lines of an import run, by old link. */
function printedLines(stdout) {
  const lines = stdout.split('\n').filter(Boolean);
  return new Map(
    lines.map((line) => {
      const [id, newPath, link, ...rest] = line.split('\t');
      assert.equal(rest.length, 0, `a line of three fields: ${line}`);
      return [link, { id: Number(id), path: newPath }];
    }),
  );
}

const decodeEntities = (s) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');

/** What a reader sees of an HTML fragment: its text, entities decoded, spaces collapsed. */
const visibleText = (html) =>
  decodeEntities(html.replace(/<\/?(?:a|strong|em|b|i)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

/** `/2025/01/%d8%a3…/` with its percent-escapes' hex in capitals. */
const upperHex = (p) => p.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());

describe('import-wordpress on an export written by WordPress', () => {
  let out;
  let manifest;
  let items;
  const runs = [];
  let server;
  let printed; // old link → { id, path }, from the first run

  const get = (p, init = {}) => fetch(new URL(p, server.baseUrl), { redirect: 'manual', ...init });
  /** The page at `p` (200 asserted) and its <article class="article">. */
  async function article(p) {
    const res = await get(p);
    assert.equal(res.status, 200, `GET ${p}`);
    const html = await res.text();
    const m = /<article class="article">([\s\S]*?)<\/article>/.exec(html);
    assert.ok(m, `${p} has an article`);
    return { html, article: m[1], text: visibleText(m[1]) };
  }
  /** The printed line ({ id, path }) of the post the manifest calls `role`. */
  const lineOf = (role) => {
    const wp = manifest.posts[role];
    const item = items.find((i) => i.id === wp.id);
    const line = printed.get(item.link);
    assert.ok(line, `a printed line for WordPress post ${wp.id} (${role}, ${item.link})`);
    return line;
  };
  const pathOf = (role) => lineOf(role).path;
  /** Where a 301 at `p` leads: its decoded path. */
  async function redirectOf(p) {
    const res = await get(p);
    await res.arrayBuffer();
    assert.equal(res.status, 301, `GET ${p} answers 301`);
    const to = new URL(res.headers.get('location'), server.baseUrl);
    return decodeURIComponent(to.pathname);
  }

  before(async () => {
    for (const need of ['/usr/share/wordpress/wp-settings.php', '/usr/sbin/mariadbd', '/usr/bin/php']) {
      assert.ok(existsSync(need), `${need} missing: run scripts/deps (wordpress, mariadb-server, php-cli…)`);
    }
    out = await mkdtemp(path.join(os.tmpdir(), 'nashir-wordpress-export-'));
    const started = Date.now();
    const made = spawnSync(path.join(repoRoot, 'scripts', 'wordpress-export'), [out], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(made.status, 0, `scripts/wordpress-export: ${made.stdout}${made.stderr}${made.error ?? ''}`);
    console.log(`scripts/wordpress-export: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    items = wxrItems(await readFile(path.join(out, 'export.xml'), 'utf8'));

    // One Arabic top-level category named a section; the others keep the default.
    const politics = manifest.terms.find((t) => t.taxonomy === 'category' && t.name === 'سياسة');
    const map = path.join(out, 'section-map');
    await writeFile(map, `# WordPress category → Nashir section\n${politics.slug} politics\n`);

    server = await startServer({
      args: ['serve'],
      setup: (bin, dataDir) => {
        for (let i = 0; i < 2; i++) {
          const res = spawnSync(
            bin,
            ['--data', dataDir, 'import-wordpress', path.join(out, 'export.xml'), '--media', path.join(out, 'uploads'), '--section-map', map],
            { encoding: 'utf8', timeout: 120_000, env: childEnv(dataDir) },
          );
          runs.push({ status: res.status, stdout: res.stdout ?? '', stderr: `${res.stderr ?? ''}${res.error ?? ''}` });
        }
      },
    });
    printed = printedLines(runs[0].stdout);
  });

  after(async () => {
    await server?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  test('the export is WordPress 6.1 in Arabic, with what the test needs', () => {
    assert.match(manifest.wordpress, /^6\.1(\.|$)/);
    assert.equal(manifest.locale, 'ar');
    const statuses = new Set(items.filter((i) => i.type === 'post').map((i) => i.status));
    for (const s of ['publish', 'future', 'draft', 'pending', 'private', 'trash']) assert.ok(statuses.has(s), s);
    assert.ok(items.some((i) => i.type === 'page'));
    assert.ok(items.some((i) => i.type === 'attachment'));
  });

  test('the import prints a line per post not in the trash, with its new path', () => {
    assert.equal(runs[0].status, 0, `first run:\n${runs[0].stdout}${runs[0].stderr}`);
    const articles = [...printed].filter(([, l]) => l.path.startsWith('/ar/news/'));
    const expected = items.filter((i) => i.type === 'post' && i.status !== 'trash').map((i) => i.link);
    assert.deepEqual(articles.map(([link]) => link).sort(), [...expected].sort(), runs[0].stdout);
    for (const [link, { id, path: p }] of articles) {
      assert.match(p, new RegExp(`^/ar/news/${id}/.`), `${link}: ${p}`);
    }
    assert.equal(new Set(articles.map(([, l]) => l.id)).size, articles.length, 'distinct ids');
    // Pages, skipped or (once the importer takes them) pages, never articles.
    for (const [link, { path: p }] of printed) {
      if (!p.startsWith('/ar/news/')) assert.match(p, /^\/ar\/page\//, `${link}: ${p}`);
    }
    const trashed = items.find((i) => i.id === manifest.posts.trashed.id);
    assert.ok(!printed.has(trashed.link), 'the trashed post is not imported');
    assert.match(runs[0].stderr, /^\s*post\tskipped \(trash\)\t1$/m, runs[0].stderr);
    assert.match(runs[0].stderr, /^\s*items failed\t0$/m, runs[0].stderr);
  });

  test('the first run adds the approved and pending comments, no spam or trash', () => {
    // WordPress leaves spam out of its export; trashed comments are in it.
    const imported = items.filter((i) => i.type === 'post' && i.status !== 'trash');
    const expected = imported.flatMap((i) => i.comments).filter((a) => a === '1' || a === '0').length;
    assert.ok(imported.some((i) => i.comments.includes('trash')), 'the export has a trashed comment');
    assert.match(runs[0].stderr, new RegExp(`^\\s*comments added\\t${expected}$`, 'm'), runs[0].stderr);
  });

  test('a second run updates in place: the same ids and paths, no new comment', () => {
    assert.equal(runs[1].status, 0, `second run:\n${runs[1].stdout}${runs[1].stderr}`);
    assert.deepEqual(printedLines(runs[1].stdout), printed);
    assert.match(runs[1].stderr, /^\s*comments added\t0$/m, runs[1].stderr);
    assert.doesNotMatch(runs[1].stderr, /^\s*post\tcreated\t/m, runs[1].stderr);
  });

  test('a classic-editor post: its text, no HTML or shortcode, its images', async () => {
    const { article: html, text } = await article(pathOf('classic'));
    assert.ok(text.includes(manifest.posts.classic.title), text);
    for (const words of [
      'تشهد أسواق الطاقة في الخليج ارتفاعاً ملحوظاً في أسعار النفط', // around <strong>
      'قرارات منظمة أوبك الأخيرة', // a link's text
      'توقعات العام المقبل', // an <h3>
      'ويبقى الطلب الصيني العامل الأهم',
      'صورة أرشيفية لقطار المترو', // the [caption]'s caption
    ]) {
      assert.ok(text.includes(words), `«${words}» in: ${text}`);
    }
    for (const raw of ['[caption', '[/caption]', '<strong', '<a ', '<!--', 'more-->', '&lt;', '&nbsp;', '<', '>']) {
      assert.ok(!text.includes(raw), `no «${raw}» in the article's text: ${text}`);
    }
    assert.doesNotMatch(html, /&amp;(lt|gt|nbsp|amp);/, 'no double-escaped entity');

    // The featured image (an Arabic file name) and the captioned one, with
    // WordPress's alt text, stored and served.
    for (const media of [manifest.media.photo, manifest.media.metro]) {
      const img = new RegExp(`<img [^>]*src="([^"]+)"[^>]*alt="${media.alt}"`).exec(html);
      assert.ok(img, `an <img> with alt «${media.alt}» in ${html}`);
      const res = await get(decodeEntities(img[1]));
      assert.equal(res.status, 200, img[1]);
      assert.match(res.headers.get('content-type') ?? '', /^image\//);
      assert.ok((await res.arrayBuffer()).byteLength > 1000);
    }
    assert.match(html, /<figure class="featured">\s*<img [^>]*alt="منصة نفطية في مياه الخليج عند الغروب"/);
    // The originals (1600×1000), not the resized copies the post's HTML names.
    const json = await (await get(`/api/v1/articles/${lineOf('classic').id}`)).json();
    assert.equal(json.featured?.width, 1600, JSON.stringify(json.featured));
    assert.deepEqual(json.images?.map((i) => [i.alt, i.width]), [[manifest.media.metro.alt, 1600]]);
  });

  test('a Gutenberg post: paragraphs, heading, list, quote and image, no block comments', async () => {
    const { article: html, text } = await article(pathOf('gutenberg'));
    assert.ok(text.includes(manifest.posts.gutenberg.title));
    assert.match(html, /<h2[^>]*>\s*مراحل المشروع\s*<\/h2>/);
    assert.match(html, /<li[^>]*>[\s\S]*?المرحلة الأولى: من الكرخ إلى الرصافة\s*<\/li>/);
    assert.match(html, /<blockquote[\s\S]*?هذا المشروع سيغير وجه النقل في بغداد\.[\s\S]*?<\/blockquote>/);
    assert.match(html, /<img [^>]*alt="منصة نفطية في مياه الخليج عند الغروب"[\s\S]*?<figcaption>صورة من الأرشيف<\/figcaption>/);
    assert.ok(text.includes('ويربط الخط أحياء العاصمة بحسب وزارة النقل.'), text);
    // WordPress's bold and link come through as marks.
    assert.match(html, /ويربط الخط <strong>أحياء العاصمة<\/strong> بحسب <a href="https:\/\/mot\.gov\.iq\/" rel="external noopener">وزارة النقل<\/a>\./);
    for (const raw of ['wp:', '<!--', '<', '>']) assert.ok(!text.includes(raw), `no «${raw}» in: ${text}`);
  });

  test('the reference article pasted into WordPress keeps all its text', async () => {
    const { text } = await article(pathOf('reference'));
    const source = await readFile(path.join(repoRoot, 'demo', '000_a879635638002103.txt'), 'utf8');
    const lines = source.split('\n').slice(4, 17).map(collapse).filter(Boolean);
    assert.ok(lines.length >= 8);
    for (const line of lines) assert.ok(text.includes(line), `«${line.slice(0, 40)}…» in the article`);
    assert.ok(text.includes(collapse(manifest.posts.reference.title)));
  });

  test(
    'the reference article keeps its line breaks: subheadings and dash bullets apart',
    async () => {
      const { article: html } = await article(pathOf('reference'));
      // "زيارة الوفد العراقي:" is a line of its own in WordPress; so is each "– " bullet.
      const body = /<div class="article-body">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
      const short = body.replace(/([^<>]{60})[^<>]+/g, '$1…');
      assert.match(body, />\s*زيارة الوفد العراقي:\s*</, `the subheading is a block of its own:\n${short}`);
      assert.doesNotMatch(body, /<p>[^<]*– [^<]*– /, `each bullet is apart:\n${short}`);
    },
  );

  test('a title with & and quotes, an <h3>, an ordered list, a &nbsp;', async () => {
    const { text } = await article(pathOf('culture_post'));
    assert.ok(text.includes('«الكتاب» & القارئ: معرض الرياض يفتح أبوابه'), text);
    assert.ok(text.includes('يفتح معرض الرياض الدولي للكتاب أبوابه للزوار اليوم'), text);
    for (const item of ['ندوات فكرية يومية', 'أمسيات شعرية', 'ورش للأطفال']) assert.ok(text.includes(item));
    assert.ok(!text.includes('&nbsp;') && !text.includes('&amp;'), text);
  });

  test('dates are WordPress GMT ones, not its local (Riyadh) ones', async () => {
    for (const item of items.filter((i) => i.type === 'post' && i.status === 'publish')) {
      const { id } = printed.get(item.link);
      const res = await get(`/api/v1/articles/${id}`);
      assert.equal(res.status, 200);
      const json = await res.json();
      assert.equal(json.published_at, `${item.dateGmt.replace(' ', 'T')}Z`, `post ${item.id}`);
    }
    // Local 2025-01-01 01:30 in Riyadh was still 2024 in UTC.
    const classic = items.find((i) => i.id === manifest.posts.classic.id);
    assert.equal(classic.dateGmt, '2024-12-31 22:30:00');
  });

  test('approved comments are shown, replies under their thread; pending, spam, trash are not', async () => {
    const { html } = await article(pathOf('classic'));
    const c = manifest.comments;
    const list = /<section class="comments"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    for (const role of ['top', 'reply', 'reply2', 'second']) {
      assert.ok(list.includes(c[role].text), `${role} comment shown`);
    }
    for (const role of ['pending', 'spam', 'trash']) {
      assert.ok(!html.includes(c[role].text), `${role} comment not shown`);
    }
    // Top-level comments, each with what is under it (up to the next one).
    const threads = list.split(/<li class="comment" /).slice(1);
    assert.equal(threads.length, 2, 'two threads');
    const [first, second] = threads;
    assert.ok(first.includes(c.top.text) && second.includes(c.second.text), 'threads in time order');
    const replies = first.slice(first.indexOf('class="replies"'));
    assert.ok(first.includes('class="replies"'), 'the first thread has replies');
    assert.ok(replies.includes(c.reply.text) && replies.includes(c.reply2.text), 'both replies (depth 2 and 3) under it');
    assert.ok(replies.indexOf(c.reply.text) < replies.indexOf(c.reply2.text));
    assert.ok(!second.includes('class="replies"'));
    assert.match(list, /comment-count">\(4\)</, 'four approved comments, none twice after two runs');
  });

  test('future, draft, pending and private posts are not public', async () => {
    for (const role of ['future', 'draft', 'pending', 'private']) {
      const p = pathOf(role);
      const res = await get(p);
      await res.arrayBuffer();
      assert.equal(res.status, 404, `${role}: GET ${p}`);
      const api = await get(`/api/v1/articles/${lineOf(role).id}`);
      await api.arrayBuffer();
      assert.equal(api.status, 404, `${role}: the API`);
    }
  });

  test(
    'the old address of an unpublished post does not give its headline away',
    async () => {
      for (const role of ['draft', 'pending', 'private', 'future']) {
        const res = await get(`/?p=${manifest.posts[role].id}`);
        await res.arrayBuffer();
        const location = decodeURIComponent(res.headers.get('location') ?? '');
        const words = manifest.posts[role].title.split(/\s+/).filter((w) => w.length > 3);
        assert.ok(!words.some((w) => location.includes(w)), `${role}: ${location}`);
      }
    },
  );

  test('the sticky post leads the front page', async () => {
    assert.deepEqual(manifest.sticky.map(Number), [manifest.posts.classic.id]);
    const res = await get('/');
    const html = await res.text();
    const lead = /<section class="lead-story[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.ok(lead.includes(manifest.posts.classic.title), lead || html.slice(0, 2000));
  });

  test('/?p=ID and the old permalinks (either hex case) answer 301 to the new path', async () => {
    for (const item of items.filter((i) => i.type === 'post' && i.status === 'publish')) {
      const { path: to } = printed.get(item.link);
      assert.equal(await redirectOf(`/?p=${item.id}`), to, `/?p=${item.id}`);
      const old = new URL(item.link).pathname;
      assert.equal(await redirectOf(old), to, old);
      assert.equal(await redirectOf(upperHex(old)), to, upperHex(old));
    }
    // The Arabic permalink is percent-encoded in the export, lowercase hex.
    const classic = items.find((i) => i.id === manifest.posts.classic.id);
    assert.match(classic.link, /^https:\/\/akhbar\.example\/2025\/01\/(%[0-9a-f]{2}|-)+\/$/);
  });

  test('/category/…/, /tag/…/ and /author/…/ answer 301 to a section, tag or author page', async () => {
    const term = (taxonomy, name) => manifest.terms.find((t) => t.taxonomy === taxonomy && t.name === name);
    const politics = term('category', 'سياسة');
    const iraq = term('category', 'العراق');
    const culture = term('category', 'ثقافة');
    const cases = [
      [`/category/${politics.slug}/`, '/ar/section/politics', 'سياسة'],
      [`/category/${upperHex(politics.slug)}/`, '/ar/section/politics', 'سياسة'],
      [`/category/${politics.slug}/${iraq.slug}/`, '/ar/tag/العراق', 'العراق'],
      [`/category/${culture.slug}/`, `/ar/section/category-${culture.id}`, 'ثقافة'],
      ['/category/economy/', '/ar/section/economy', 'اقتصاد'],
      [`/tag/${term('post_tag', 'روسيا').slug}/`, '/ar/tag/روسيا', 'روسيا'],
      ['/author/sami/', '/ar/author/sami', 'سامي الخطيب'],
    ];
    for (const [from, to, name] of cases) {
      assert.equal(await redirectOf(from), to, from);
      const res = await get(to);
      const html = await res.text();
      assert.equal(res.status, 200, to);
      assert.ok(html.includes(name), `${to} names «${name}»`);
    }
  });
});
