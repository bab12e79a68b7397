// What a hostile crowd tried against a running site (issue 13), replayed against
// the real binary on loopback, on SQLite or, with TEST_DATABASE_URL, PostgreSQL.
// Each test is one attack and what must hold against it.
//
// Needs the nashir binary (cargo build -p nashir, or NASHIR_BIN).
// Run: node --test tests/attacks/

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { addAccount, nashirBin, siteEnv, startServer } from '../browser/harness.mjs';
import {
  closedWithin,
  connect,
  cookiesOf,
  firstArticle,
  formBody,
  hidden,
  request,
  residentMb,
  signIn,
} from './client.mjs';

const PASSWORD = 'a-long-enough-password';
const EDITOR = { email: 'chief@news.example', password: PASSWORD, role: 'editor', name: 'رئيس التحرير' };
const WRITER = { email: 'writer@news.example', password: PASSWORD, role: 'contributor', name: 'مساهم' };
const OTHER = { email: 'other@news.example', password: PASSWORD, role: 'contributor', name: 'مساهم آخر' };
const FORM = 'application/x-www-form-urlencoded';

// One site for the whole file: behind a "proxy" (the tests choose the address
// with X-Forwarded-For), mail on (queued for an SMTP server that is not there:
// the queue is what the limits guard), a header-read timeout short enough to test.
let server;
before(async () => {
  server = await startServer({
    env: {
      NASHIR_BEHIND_PROXY: 'true',
      NASHIR_BASE_URL: 'http://news.example',
      NASHIR_SMTP_URL: 'smtp://127.0.0.1:9',
      NASHIR_HEADER_READ_TIMEOUT_SECS: '2',
    },
    setup: (bin, dataDir) => {
      for (const account of [EDITOR, WRITER, OTHER]) addAccount(bin, dataDir, account);
    },
  });
});
after(async () => {
  await server?.stop();
});

const from = (address) => ({ 'x-forwarded-for': address });

/** A wrong-password attempt for `email` from `address`; resolves to the status. */
async function wrongPassword(email, address) {
  const form = await request(server.port, { path: '/admin/login', headers: from(address) });
  const res = await request(server.port, {
    method: 'POST',
    path: '/admin/login',
    headers: { ...from(address), cookie: cookiesOf(form), 'content-type': FORM },
    body: formBody({ csrf: hidden(form.body, 'csrf'), email, password: 'wrong password!' }),
  });
  return res.status;
}

function tally(statuses) {
  const counts = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe('sign-in', () => {
  test('40 parallel wrong passwords for one account from one address: 5 are checked', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => wrongPassword(WRITER.email, '198.51.100.7')),
    );
    const counts = tally(statuses);
    assert.equal(counts[401], 5, JSON.stringify(counts));
    assert.equal((counts[429] ?? 0) + (counts[503] ?? 0), 35, JSON.stringify(counts));
  });

  test('the stranger who locked themselves out did not lock out the account', async () => {
    const cookie = await signIn(server.port, { ...WRITER, headers: from('203.0.113.20') });
    assert.match(cookie, /nashir_session=[0-9a-f]{64}/);
  });

  test('rotating through an IPv6 /64 does not reset the per-address limit', async () => {
    const statuses = [];
    for (let i = 1; i <= 25; i++) {
      statuses.push(await wrongPassword(`nobody${i}@news.example`, `2001:db8:7:7::${i.toString(16)}`));
    }
    const counts = tally(statuses);
    assert.equal(counts[401], 20, JSON.stringify(counts));
    assert.equal(counts[429], 5, JSON.stringify(counts));
  });

  test('200 parallel attempts from 200 addresses: hashing stays bounded, memory under 200 MB', async (t) => {
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        wrongPassword(`guess${i}@news.example`, `192.0.2.${(i % 250) + 1}`).catch((e) => e.code ?? 'error'),
      ),
    );
    const counts = tally(statuses);
    // Every attempt has an answer: checked (401) or refused at once (503, busy).
    assert.equal((counts[401] ?? 0) + (counts[503] ?? 0), 200, JSON.stringify(counts));
    assert.ok(counts[503] > 0, `a full hashing queue answers 503: ${JSON.stringify(counts)}`);
    const rss = residentMb(server.process.pid);
    t.diagnostic(`answers ${JSON.stringify(counts)}, resident memory ${rss.toFixed(0)} MB`);
    // The issue asks for under 400 MB; with bounded hashing it stays near the idle figure.
    assert.ok(rss < 200, `resident memory ${rss.toFixed(0)} MB`);
  });
});

/** A fresh form ticket for `suffix` (comment, send) on `article`, as a reader gets it. */
async function ticket(article, suffix, address) {
  const page = await request(server.port, { path: `${article}/${suffix}`, headers: from(address) });
  assert.equal(page.status, 200);
  return { token: hidden(page.body, 'token'), cookie: cookiesOf(page) };
}

function postForm(article, suffix, address, { token, cookie }, fields) {
  return request(server.port, {
    method: 'POST',
    path: `${article}/${suffix}`,
    headers: { ...from(address), cookie, 'content-type': FORM },
    body: formBody({ token, website: '', ...fields }),
  });
}

describe('reader forms', () => {
  let article;
  before(async () => {
    article = firstArticle((await request(server.port, { path: '/' })).body);
  });

  /** 20 posts of one form at once, with one ticket; resolves to the statuses counted. */
  async function race(suffix, address, fieldsOf) {
    const t = await ticket(article, suffix, address);
    await sleep(3_200);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postForm(article, suffix, address, t, fieldsOf(i))),
    );
    return tally(responses.map((r) => r.status));
  }

  test('20 parallel comments from one address with one ticket: 5 stored', async () => {
    const counts = await race('comment', '198.51.100.30', (i) => ({
      name: 'قارئ',
      text: `تعليق رقم ${i} بكلمات مختلفة ${'أ'.repeat(i + 1)}`,
    }));
    assert.equal(counts[200], 5, JSON.stringify(counts));
    assert.equal(counts[429], 15, JSON.stringify(counts));
  });

  test('20 parallel send-to-a-friend posts from one address: 5 queued', async () => {
    const counts = await race('send', '198.51.100.31', (i) => ({
      name: 'قارئ',
      to: `friend${i}@example.org`,
      note: '',
    }));
    assert.equal(counts[200], 5, JSON.stringify(counts));
    assert.equal(counts[429], 15, JSON.stringify(counts));
  });

  test('links hidden behind a decoy are found: the site mails no phishing text', async () => {
    const address = '198.51.100.32';
    const t = await ticket(article, 'send', address);
    await sleep(3_200);
    for (const fields of [
      { name: 'xwww.y Your account is locked www.evil-login.example', note: '' },
      { name: 'قارئ', note: 'ahttps://a verify now at https://evil-login.example/reset' },
      { name: 'قارئ', note: 'verify now at evil-login.example/reset' },
    ]) {
      const res = await postForm(article, 'send', address, t, { to: 'victim@example.org', ...fields });
      assert.equal(res.status, 400, JSON.stringify(fields));
    }
    const c = await ticket(article, 'comment', address);
    await sleep(3_200);
    const res = await postForm(article, 'comment', address, c, {
      name: 'قارئ',
      text: 'xwww.y ahttps://z ahttp://q https://a.example https://b.example',
    });
    assert.equal(res.status, 400);
  });

  test('a body over the limit gets the Arabic error page', async () => {
    const res = await request(server.port, {
      method: 'POST',
      path: `${article}/comment`,
      headers: { 'content-type': FORM },
      body: `text=${'a'.repeat(200_000)}`,
    });
    assert.equal(res.status, 413);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.match(res.body, /lang="ar"/);
    assert.match(res.body, /الطلب كبير جداً/);
  });
});

describe('page cache', () => {
  test('a forged Host does not poison the section feed', async () => {
    // Without base_url the Host names the site; the separate server below has none.
    const bare = await startServer({});
    try {
      const poison = await request(bare.port, {
        path: '/feed.rss',
        headers: { host: 'news.example/ar/section/economy' },
      });
      assert.equal(poison.status, 200);
      const section = await request(bare.port, {
        path: '/ar/section/economy/feed.rss',
        headers: { host: 'news.example' },
      });
      const site = await request(bare.port, { path: '/feed.rss', headers: { host: 'news.example' } });
      assert.notEqual(section.body, site.body, 'the section feed is not the site feed');
      assert.doesNotMatch(section.body, /news\.example\/ar\/section\/economy\/ar\//);
    } finally {
      await bare.stop();
    }
  });

  test('a made-up session cookie and junk query are served from the cache', async () => {
    const first = await request(server.port, { path: '/' });
    const junk = await request(server.port, {
      path: `/?${'x'.repeat(100)}=1`,
      headers: { cookie: `nashir_session=${'ab'.repeat(32)}` },
    });
    assert.equal(junk.status, 200);
    assert.match(junk.headers['cache-control'], /^public/);
    assert.equal(junk.headers.etag, first.headers.etag);
    // Values no page can read, on pages that read none, or spelt otherwise: hits, not renders.
    await request(server.port, { path: '/ar/latest' });
    for (const path of [
      `/?before=${Math.random()}&window=week`,
      `/ar/latest?before=nonsense${Math.random()}`,
      `/ar/latest?b%65fore=zz&utm_source=${Math.random()}`,
    ]) {
      const reply = await request(server.port, { path });
      assert.equal(reply.headers['x-cache'], 'hit', path);
    }
  });

  test('made-up Hosts cannot fill the cache when no base_url is set', async () => {
    const bare = await startServer({});
    try {
      const caches = [];
      for (let i = 0; i < 12; i++) {
        const host = `h${i}.example`;
        await request(bare.port, { path: '/', headers: { host } });
        const again = await request(bare.port, { path: '/', headers: { host } });
        assert.equal(again.status, 200);
        caches.push(again.headers['x-cache']);
      }
      // Four Hosts at most are kept (the harness's readiness check was one of them).
      const hits = caches.filter((c) => c === 'hit').length;
      assert.ok(hits >= 1 && hits <= 4, caches.join(' '));
      assert.deepEqual(caches.slice(4), Array(8).fill('pass'), caches.join(' '));
    } finally {
      await bare.stop();
    }
  });
});

/** A grey PNG of `width`×`height` pixels: a few kilobytes that claim megabytes. */
function pixelBomb(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc((width + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function multipart(fields, file) {
  const boundary = `----nashir${Date.now()}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

describe('newsroom', () => {
  test('an image bomb is refused from its header, four at once, and memory stays low', async () => {
    const cookie = await signIn(server.port, { ...WRITER, headers: from('203.0.113.40') });
    const page = await request(server.port, { path: '/admin/media', headers: { cookie } });
    const csrf = hidden(page.body, 'csrf');
    const bomb = pixelBomb(12_000, 12_000);
    assert.ok(bomb.length < 1_000_000, `${bomb.length} bytes`);
    const { body, type } = multipart({ csrf, alt: 'قنبلة' }, bomb);
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        request(server.port, {
          method: 'POST',
          path: '/admin/media',
          headers: { cookie, 'content-type': type },
          body,
        }),
      ),
    );
    for (const res of responses) {
      assert.equal(res.status, 413);
      assert.match(res.body, /مليون بكسل/);
    }
    // Refused before decoding: seconds of work (7 s each before) never start.
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    assert.ok(residentMb(server.process.pid) < 400);
  });

  test("a contributor cannot change the alt text of another's image, nor empty their own", async () => {
    const owner = await signIn(server.port, { ...OTHER, headers: from('203.0.113.41') });
    const page = await request(server.port, { path: '/admin/media', headers: { cookie: owner } });
    const png = pixelBomb(40, 30);
    const { body, type } = multipart({ csrf: hidden(page.body, 'csrf'), alt: 'صورة المالك' }, png);
    const uploaded = await request(server.port, {
      method: 'POST',
      path: '/admin/media',
      headers: { cookie: owner, 'content-type': type },
      body,
    });
    assert.equal(uploaded.status, 303, uploaded.body.slice(0, 300));
    const list = await request(server.port, { path: '/admin/media', headers: { cookie: owner } });
    const id = list.body.match(/action="\/admin\/media\/(\d+)\/alt"/)[1];

    const stranger = await signIn(server.port, { ...WRITER, headers: from('203.0.113.42') });
    const theirs = await request(server.port, { path: '/admin/media', headers: { cookie: stranger } });
    const changed = await request(server.port, {
      method: 'POST',
      path: `/admin/media/${id}/alt`,
      headers: { cookie: stranger, 'content-type': FORM },
      body: formBody({ csrf: hidden(theirs.body, 'csrf'), alt: 'نص غريب' }),
    });
    assert.equal(changed.status, 403);
    const emptied = await request(server.port, {
      method: 'POST',
      path: `/admin/media/${id}/alt`,
      headers: { cookie: owner, 'content-type': FORM },
      body: formBody({ csrf: hidden(page.body, 'csrf'), alt: '  ' }),
    });
    assert.equal(emptied.status, 400);
    const after = await request(server.port, { path: '/admin/media', headers: { cookie: owner } });
    assert.match(after.body, /صورة المالك/);
  });

  test('an editor posting 40,000 comment ids gets a 400, not a 500', async () => {
    const cookie = await signIn(server.port, { ...EDITOR, headers: from('203.0.113.43') });
    const page = await request(server.port, { path: '/admin/comments', headers: { cookie } });
    // Short ids, so the body stays under the newsroom's 256 KB limit.
    const ids = Array.from({ length: 40_000 }, () => 'id=1').join('&');
    const res = await request(server.port, {
      method: 'POST',
      path: '/admin/comments',
      headers: { cookie, 'content-type': FORM },
      body: `csrf=${hidden(page.body, 'csrf')}&action=spam&${ids}`,
    });
    assert.equal(res.status, 400);
  });
});

describe('connections', () => {
  test('half a request is dropped after the header-read timeout (slowloris)', async () => {
    const socket = await connect(server.port);
    socket.write('GET / HTTP/1.1\r\nHost: news.example\r\nX-Slow: ');
    const ms = await closedWithin(socket, 10_000);
    assert.ok(ms < 5_000, `closed after ${ms} ms`);
  });

  test('an idle keep-alive connection is closed too', async () => {
    const socket = await connect(server.port);
    socket.write('GET /healthz HTTP/1.1\r\nHost: news.example\r\n\r\n');
    const ms = await closedWithin(socket, 10_000);
    assert.ok(ms < 5_000, `closed after ${ms} ms`);
  });

  test('connections beyond the cap are closed at once, and the site answers when they go', async () => {
    // A server of its own: a small cap, and a timeout long enough that the held
    // connections keep their places while the test runs.
    const capped = await startServer({
      env: { NASHIR_MAX_CONNECTIONS: '20', NASHIR_HEADER_READ_TIMEOUT_SECS: '60' },
    });
    try {
      const held = await Promise.all(Array.from({ length: 20 }, () => connect(capped.port)));
      await sleep(300);
      const extra = await connect(capped.port);
      const ms = await closedWithin(extra, 3_000);
      assert.ok(ms < 3_000, 'the 21st connection is closed');
      for (const s of held) s.destroy();
      await sleep(300);
      const res = await request(capped.port, { path: '/healthz' });
      assert.equal(res.status, 200);
    } finally {
      await capped.stop();
    }
  });
});

describe('start-up', () => {
  test('a bad smtp_url is reported without its password', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nashir-attack-'));
    try {
      const res = spawnSync(nashirBin(), ['--data', dataDir, '--listen', '127.0.0.1:0', 'serve'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          ...process.env,
          ...siteEnv(dataDir),
          NASHIR_BASE_URL: 'http://news.example',
          NASHIR_SMTP_URL: 'smtps://mailer:Sup3r-s3cret@pw@mail.example:notaport',
        },
      });
      assert.notEqual(res.status, 0, 'the server refuses to start');
      const said = `${res.stdout}${res.stderr}`;
      assert.match(said, /smtp_url/);
      assert.doesNotMatch(said, /Sup3r|s3cret/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
