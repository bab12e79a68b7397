// A small HTTP client for the attack tests: node:http, so that the Host header,
// cookies and bodies are exactly what an attacker sends (fetch() forbids a
// forged Host), and no connection pooling hides how the server treats each one.

import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';

/** One request; resolves to { status, headers, body } (body as a string). */
export function request(port, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A URL-encoded form body from an object. */
export function formBody(fields) {
  return new URLSearchParams(fields).toString();
}

/** `name=value` pairs from a response's Set-Cookie headers, as one Cookie header. */
export function cookiesOf(res, previous = '') {
  const jar = new Map(previous ? previous.split('; ').map((c) => c.split(/=(.*)/s).slice(0, 2)) : []);
  for (const line of res.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';');
    const [name, value] = pair.split(/=(.*)/s);
    if (value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The value of the hidden input `name` in a page. */
export function hidden(html, name) {
  const m = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!m) throw new Error(`no hidden field ${name} in the page`);
  return m[1].replaceAll('&amp;', '&');
}

/** The first article link (/ar/news/{id}/{slug}) on a page. */
export function firstArticle(html) {
  const m = html.match(/href="(\/ar\/news\/\d+\/[^"/?#]+)"/);
  if (!m) throw new Error('no article link on the page');
  return m[1];
}

/** Signs in with the newsroom form; resolves to the Cookie header of the session. */
export async function signIn(port, { email, password, headers = {} }) {
  const form = await request(port, { path: '/admin/login', headers });
  const cookie = cookiesOf(form);
  const res = await request(port, {
    method: 'POST',
    path: '/admin/login',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({ csrf: hidden(form.body, 'csrf'), email, password }),
  });
  if (res.status !== 303 && res.status !== 302) {
    throw new Error(`signing in as ${email}: ${res.status}`);
  }
  return cookiesOf(res, cookie);
}

/** Resident memory of a process, in megabytes (Linux). */
export function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+) kB/)[1]);
  return kb / 1024;
}

/** Opens a raw TCP connection; resolves once connected. */
export function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Milliseconds until the server closes `socket`, or `limitMs` if it stays open. */
export function closedWithin(socket, limitMs) {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(limitMs), limitMs);
    const done = () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    };
    socket.once('close', done);
    socket.once('end', done);
    socket.on('data', () => {});
    socket.on('error', () => {});
  });
}
