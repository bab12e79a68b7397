// Bundles the editor with esbuild: node editor/build.mjs OUT_DIR
// writes OUT_DIR/editor.js and OUT_DIR/editor.css (scripts/build-editor calls it).
// Reproducible: fixed options, no timestamps or paths in the output; the
// licence banner is made from the packages the bundle holds.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node editor/build.mjs OUT_DIR');
  process.exit(2);
}

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'warning',
};

const js = await build({
  ...common,
  entryPoints: ['src/main.js'],
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
});
const css = await build({
  ...common,
  entryPoints: ['src/editor.css'],
  target: ['chrome100', 'firefox100', 'safari15'],
});

/** Each npm package in the bundle: name, version, licence and its copyright lines. */
function packages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) names.add(m[1]);
  }
  return [...names].sort().map((name) => {
    const dir = path.join(here, 'node_modules', name);
    const meta = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licence = readFileSync(path.join(dir, 'LICENSE'), 'utf8').replace(/\r\n/g, '\n').trim();
    const [copyright, ...rest] = licence.split(/\n\s*\n/);
    return { name, version: meta.version, license: meta.license, copyright: copyright.trim(), terms: rest.join('\n\n') };
  });
}

const bundled = packages(js.metafile);
const terms = [...new Set(bundled.map((p) => p.terms))];
const banner = [
  '/*! Nashir newsroom editor: editor/src in the Nashir repository (AGPL-3.0-or-later),',
  ' * bundled by scripts/build-editor. It contains these packages from npm:',
  ...bundled.map((p) => ` *   ${p.name} ${p.version} (${p.license}): ${p.copyright.replace(/\s+/g, ' ')}`),
  ' *',
  ...terms.flatMap((t, i) => [...(i ? [' *'] : []), ...t.split('\n').map((line) => ` * ${line}`.trimEnd())]),
  ' */',
].join('\n');

const text = (result) => result.outputFiles[0].text;
writeFileSync(path.join(out, 'editor.js'), `${banner}\n${text(js)}`);
writeFileSync(
  path.join(out, 'editor.css'),
  `/* Nashir newsroom editor's styles: editor/src/editor.css, built by scripts/build-editor. */\n${text(css)}`,
);
