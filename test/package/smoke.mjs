#!/usr/bin/env node
// Packs the built package and imports every subpath from a fresh ESM project and a fresh CJS project,
// as a user would after `npm install airlock`. Run by `npm run test:package` (after the build).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? 'airlock' : `airlock/${k.slice(2)}`));

const work = mkdtempSync(join(tmpdir(), 'airlock-smoke-'));
let failed = 0;
try {
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const tarball = join(work, packed);
  for (const kind of ['esm', 'cjs']) {
    const dir = join(work, kind);
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `smoke-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], {
      cwd: dir,
      stdio: 'inherit',
    });
    const lines =
      kind === 'esm'
        ? subpaths.map((s, i) => `import * as m${i} from '${s}'; check('${s}', m${i});`)
        : subpaths.map((s) => `check('${s}', require('${s}'));`);
    const script = [
      `let bad = 0;`,
      `function check(name, mod) { const n = Object.keys(mod).length; if (n === 0) { console.log('EMPTY ' + name); bad++; } else console.log('ok ' + name + ' (' + n + ' exports)'); }`,
      ...lines,
      `const root = ${kind === 'esm' ? "await import('airlock')" : "require('airlock')"};`,
      `const e = new root.UsageError('X', 'm'); if (!root.isAirlockError(e, 'X')) { console.log('isAirlockError failed'); bad++; }`,
      // The tree-sitter wasm must resolve from the installed package in both module systems.
      `const cls = ${kind === 'esm' ? "await import('airlock/classifier')" : "require('airlock/classifier')"};`,
      `await cls.prepareClassifier();`,
      `const st = cls.classifierStatus(); if (st.shellParser !== 'tree-sitter') { console.log('shell parser not ready: ' + JSON.stringify(st)); bad++; }`,
      `if (cls.classifyCommand('ls -la /tmp | grep x', { vendor: 'linux' }).risk !== 'read') { console.log('classify read failed'); bad++; }`,
      `if (cls.classifyCommand('rm -rf /', { vendor: 'linux' }).risk !== 'dangerous') { console.log('classify dangerous failed'); bad++; }`,
      `const red = ${kind === 'esm' ? "await import('airlock/redact')" : "require('airlock/redact')"};`,
      `if (red.createRedactor().redact('password=hunter2hunter2').text.includes('hunter2')) { console.log('redact failed'); bad++; }`,
      `process.exit(bad ? 1 : 0);`,
    ].join('\n');
    const file = join(dir, kind === 'esm' ? 'smoke.mjs' : 'smoke.cjs');
    writeFileSync(file, kind === 'esm' ? script : `(async () => {\n${script}\n})();`);
    try {
      const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
      process.stdout.write(`[${kind}]\n${out}`);
    } catch (err) {
      failed++;
      process.stdout.write(`[${kind}] FAILED\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failed) {
  console.log(`package smoke: ${failed} of 2 projects failed`);
  process.exit(1);
}
console.log('package smoke: ESM and CJS projects import every subpath');
