// Shared helpers for the browser tests: start a throwaway `nashir serve --demo`
// on a free loopback port, and launch Debian's Chromium through playwright-core.
//
//   import { startServer, launchBrowser, repoRoot } from './harness.mjs';
//   const server = await startServer();   // server.baseUrl, server.output()
//   const browser = await launchBrowser();
//   ...
//   await browser.close();
//   await server.stop();
//
// For the newsroom (/admin): an account made with the CLI before the server
// starts, and a page signed in with it.
//
//   const account = { email: 'chief@news.example', password: 'a-long-enough-password' };
//   const server = await startServer({
//     setup: (bin, dataDir) => addAccount(bin, dataDir, { ...account, role: 'editor', name: 'رئيس التحرير' }),
//   });
//   const landed = await signIn(page, server.baseUrl, account);   // the /admin response
//   const res = await clickAndWait(page, page.getByRole('link', { name: 'خبر جديد' }));
//
//   addAccount(bin, dataDir, { email, password, role = 'editor', name })
//                   `nashir --data DIR user add EMAIL --role ROLE [--name NAME]`,
//                   the password on stdin; throws with the CLI's output if it fails
//   startServerWithAccount(account, options)
//                   startServer(options) with `account` made first (addAccount)
//   clickAndWait(page, locator)
//                   clicks and waits for the navigation it starts; the final response
//   steps()         { step, failed }: step(name, fn) is a node:test test that is
//                   skipped once an earlier step failed; failed() names that step
//   signIn(page, baseUrl, { email, password })
//                   opens /admin/login, signs in, checks it landed on /admin;
//                   returns the landing response
//   submitSignIn(page, { email, password })
//                   fills in and sends the sign-in form already open in `page`,
//                   checking nothing; returns the response it leads to
//
// Environment:
//   NASHIR_BIN      the nashir binary (default: <repo>/target/debug/nashir)
//   TEST_DATABASE_URL  a PostgreSQL server: each test site gets a database there
//                   (see siteEnv) instead of SQLite
//   CHROMIUM_PATH   the Chromium executable (default: /usr/bin/chromium)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

/** Absolute path of the repository root (this file is tests/browser/harness.mjs). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where tests save screenshots. */
export const screenshotDir = path.join(repoRoot, 'target', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 64 * 1024;

// Servers still running if the test process exits without calling stop()
// (a crash, an uncaught error): kill them rather than leave them behind.
const liveServers = new Set();
process.once('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

/** The nashir binary to test: $NASHIR_BIN (relative to the cwd) or target/debug/nashir. */
export function nashirBin() {
  const fromEnv = process.env.NASHIR_BIN;
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot, 'target', 'debug', 'nashir');
}

// The database of each site, by data folder, when the suite runs on PostgreSQL.
const siteDatabases = new Map();

/**
 * The environment a `nashir` command for the site in `dataDir` needs. With
 * TEST_DATABASE_URL (a PostgreSQL server, as scripts/test runs the suite a second
 * time), each site gets a database of its own there, made on first use; otherwise
 * the site is the SQLite file in its data folder and nothing is needed.
 */
export function siteEnv(dataDir) {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return {};
  if (!siteDatabases.has(dataDir)) {
    const name = `nashir_browser_${process.pid}_${siteDatabases.size}_${Date.now()}`;
    const res = spawnSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`creating database ${name}: ${res.stderr || res.error?.message}`);
    siteDatabases.set(dataDir, `${admin.slice(0, admin.lastIndexOf('/'))}/${name}`);
  }
  return { NASHIR_DATABASE_URL: siteDatabases.get(dataDir) };
}

/** This process's environment for a nashir child, without NASHIR_BIN: that one is
 * the harness's, not a setting, and nashir refuses NASHIR_* names it does not know. */
export function inheritedEnv() {
  const { NASHIR_BIN: _bin, ...inherited } = process.env;
  return inherited;
}

/** The environment of a nashir command for the site in `dataDir`. */
export function childEnv(dataDir) {
  return { ...inheritedEnv(), ...siteEnv(dataDir) };
}

/** A loopback TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/**
 * Spawn `<bin> --data <fresh tmpdir> --listen 127.0.0.1:<port> serve --demo`
 * and wait until GET / answers 200.
 *
 * `setup(bin, dataDir)`, if given, runs (and is awaited) after the data dir is
 * created and before the server is spawned: e.g. to create accounts with the
 * CLI. If it throws, the data dir is removed and the error passed on.
 *
 * Returns { baseUrl, port, dataDir, bin, process, output(), stop() }.
 * stop() is idempotent: SIGTERM, SIGKILL after 5 s, then removes dataDir.
 */
export async function startServer({ args = ['serve', '--demo'], env = {}, setup } = {}) {
  const bin = nashirBin();
  if (!existsSync(bin)) {
    throw new Error(
      `nashir binary not found at ${bin}: build it with \`cargo build -p nashir\` ` +
        `or point NASHIR_BIN at it`,
    );
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nashir-browser-test-'));
  env = { ...siteEnv(dataDir), ...env };
  if (setup) {
    try {
      await setup(bin, dataDir);
    } catch (err) {
      await rm(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const argv = ['--data', dataDir, '--listen', `127.0.0.1:${port}`, ...args];

  // Interleaved stdout/stderr, each line tagged with its stream; only the tail is kept.
  let captured = '';
  const atLineStart = { stdout: true, stderr: true };
  const capture = (stream) => (chunk) => {
    for (const piece of chunk.split(/(?<=\n)/)) {
      captured += (atLineStart[stream] ? `[${stream}] ` : '') + piece;
      atLineStart[stream] = piece.endsWith('\n');
    }
    if (captured.length > OUTPUT_LIMIT) captured = captured.slice(-OUTPUT_LIMIT);
  };

  const child = spawn(bin, argv, {
    cwd: repoRoot,
    env: { ...inheritedEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveServers.add(child);
  child.stdout.setEncoding('utf8').on('data', capture('stdout'));
  child.stderr.setEncoding('utf8').on('data', capture('stderr'));

  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      liveServers.delete(child);
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once('error', (err) => {
      liveServers.delete(child);
      exitInfo = { error: err.message };
      resolve(exitInfo);
    });
  });

  const output = () => captured;
  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      if (!exitInfo) {
        child.kill('SIGTERM');
        const timer = sleep(STOP_GRACE_MS, 'timeout', { ref: false });
        if ((await Promise.race([exited, timer])) === 'timeout' && !exitInfo) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const describe = () =>
    `\n  command: ${bin} ${argv.join(' ')}\n  exit: ${exitInfo ? JSON.stringify(exitInfo) : 'still running'}` +
    `\n  --- server output ---\n${captured || '(none)'}\n  --- end of server output ---`;

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no attempt made';
  for (;;) {
    if (exitInfo) {
      await stop();
      throw new Error(`nashir exited before answering GET ${baseUrl}/${describe()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastProblem = `GET / answered ${res.status}`;
    } catch (err) {
      lastProblem = `GET / failed: ${err.cause?.code ?? err.message}`;
    }
    if (Date.now() > deadline) {
      const details = describe();
      await stop();
      throw new Error(
        `nashir did not answer 200 on ${baseUrl}/ within ${STARTUP_TIMEOUT_MS / 1000} s ` +
          `(last: ${lastProblem})${details}`,
      );
    }
    await sleep(100);
  }

  return { baseUrl, port, dataDir, bin, process: child, output, stop };
}

/** Launch headless Chromium (Debian's /usr/bin/chromium unless CHROMIUM_PATH is set). */
export async function launchBrowser({ args = [] } = {}) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run scripts/deps (apt package "chromium")`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
    timeout: 60_000,
  });
}


/**
 * `<bin> --data <dataDir> user add <email> --role <role> [--name <name>]`, with the
 * password on stdin (the CLI reads its first line). Throws, with the command and
 * its output, if it does not succeed. Fits startServer's `setup`:
 * `setup: (bin, dataDir) => addAccount(bin, dataDir, { email, password })`.
 */
export function addAccount(bin, dataDir, { email, password, role = 'editor', name } = {}) {
  if (!email || !password) throw new Error('addAccount needs an email and a password');
  const argv = ['--data', dataDir, 'user', 'add', email, '--role', role];
  if (name !== undefined) argv.push('--name', name);
  const res = spawnSync(bin, argv, {
    input: `${password}\n`,
    encoding: 'utf8',
    timeout: 30_000,
    env: childEnv(dataDir),
  });
  if (res.error || res.status !== 0) {
    throw new Error(
      `${bin} ${argv.join(' ')} failed (status ${res.status}, ${res.error?.message ?? 'no spawn error'})` +
        `\n  stdout: ${res.stdout}\n  stderr: ${res.stderr}`,
    );
  }
}

/** startServer(options) with one newsroom account, `account` as addAccount takes it, made first. */
export function startServerWithAccount(account, options = {}) {
  return startServer({ ...options, setup: (bin, dataDir) => addAccount(bin, dataDir, account) });
}

/** Clicks `locator` and waits for the navigation it starts; returns the final response. */
export async function clickAndWait(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return response;
}

/**
 * Fills in #email and #password of the sign-in form already open in `page` and
 * sends it; returns the response it leads to. Checks nothing: see signIn().
 */
export async function submitSignIn(page, { email, password }) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  return clickAndWait(page, page.locator('form[action="/admin/login"] button[type=submit]'));
}

/**
 * Opens `<baseUrl>/admin/login` in `page` and signs in with `email` and
 * `password`. Throws unless the sign-in page answers 200 and the form leads to
 * /admin with a 200. Returns the landing (/admin) response.
 */
export async function signIn(page, baseUrl, { email, password }) {
  const loginUrl = new URL('/admin/login', baseUrl).href;
  const res = await page.goto(loginUrl);
  if (res?.status() !== 200) throw new Error(`GET ${loginUrl} answered ${res?.status()}, not 200`);
  const landed = await submitSignIn(page, { email, password });
  if (new URL(page.url()).pathname !== '/admin' || landed?.status() !== 200) {
    throw new Error(`signing in as ${email} led to ${page.url()} (status ${landed?.status()}), not /admin (200)`);
  }
  return landed;
}

/**
 * The steps of one scenario, run in order: once a step fails, the later ones are
 * skipped rather than failing for the same reason. `failed()` names the step that
 * failed (null while none has), e.g. to print the server's output after.
 */
export function steps() {
  let failedStep = null;
  const step = (name, fn) =>
    test(name, async (t) => {
      if (failedStep) {
        t.skip(`an earlier step failed: ${failedStep}`);
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        failedStep = name;
        throw err;
      }
    });
  return { step, failed: () => failedStep };
}
