// Third-party checkers on the JSON API of the demo site (issue 17):
//
//   - openapi-spec-validator: /api/v1/openapi.json is a valid OpenAPI 3.1
//     document;
//   - Schemathesis: every operation it describes, called with generated valid
//     and invalid inputs, answers with no 5xx, with the status codes, content
//     types, headers and bodies the document says; the newsroom operations with
//     an admin's token (made with `nashir token add`), so they are exercised,
//     not only refused.
//
// Both from target/pyenv (scripts/deps). Run once, on SQLite, by scripts/test.
// Needs the nashir binary. Run: node --test tests/checkers/api.test.mjs

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';

import { addAccount, childEnv, repoRoot, startServer } from '../browser/harness.mjs';

const tool = (name) => path.join(repoRoot, 'target', 'pyenv', 'bin', name);

function run(bin, args) {
  const res = spawnSync(bin, args, { encoding: 'utf8', timeout: 600_000 });
  return { ok: res.status === 0, output: `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ?? ''}` };
}

describe('the JSON API against its own description', () => {
  let server;
  let token;

  before(async () => {
    server = await startServer({
      setup: (bin, dataDir) =>
        addAccount(bin, dataDir, { email: 'api@news.example', password: 'a-long-enough-password', role: 'admin' }),
    });
    const made = spawnSync(server.bin, ['--data', server.dataDir, 'token', 'add', 'api@news.example', '--name', 'schemathesis'], {
      encoding: 'utf8',
      env: childEnv(server.dataDir),
    });
    token = /^token: (\S+)$/m.exec(made.stdout ?? '')?.[1];
    assert.ok(token, `nashir token add: ${made.stdout} ${made.stderr}`);
  });

  after(async () => {
    await server?.stop();
  });

  test('openapi.json validates', async () => {
    const res = await fetch(new URL('/api/v1/openapi.json', server.baseUrl));
    assert.equal(res.status, 200);
    const file = path.join(os.tmpdir(), `nashir-openapi-${process.pid}.json`);
    await writeFile(file, await res.text());
    const { ok, output } = run(tool('openapi-spec-validator'), [file]);
    assert.ok(ok, output);
  });

  test('Schemathesis finds no server error and no answer off the description', () => {
    const { ok, output } = run(tool('schemathesis'), [
      'run',
      new URL('/api/v1/openapi.json', server.baseUrl).href,
      '--experimental=openapi-3.1',
      '--checks',
      'all',
      '--hypothesis-max-examples',
      '40',
      '--hypothesis-seed',
      '1',
      '--header',
      `Authorization: Bearer ${token}`,
    ]);
    console.log(output.split('\n').filter((l) => /passed|failed|errored|PASSED|FAILED/.test(l)).join('\n'));
    assert.ok(ok, output);
  });
});
