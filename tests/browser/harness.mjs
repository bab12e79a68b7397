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
// Environment:
//   NASHIR_BIN      the nashir binary (default: <repo>/target/debug/nashir)
//   CHROMIUM_PATH   the Chromium executable (default: /usr/bin/chromium)

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
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
    env: { ...process.env, ...env },
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
