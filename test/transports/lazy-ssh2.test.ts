import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('ssh2 is loaded only when used', () => {
  it('no transports source imports ssh2 at module load (only `import type` and dynamic import())', () => {
    const offenders = sources('src/transports').filter((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .some(
          (l) =>
            /^\s*import\s+(?!type\b)[^;]*from\s+['"]ssh2['"]/.test(l) || /require\(['"]ssh2['"]\)/.test(l),
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('importing airlock/transports does not load ssh2', async () => {
    const { spawnSync } = await import('node:child_process');
    // A fresh process: vitest's own module graph may already hold ssh2 from other test files.
    const script =
      "import('./src/transports/index.ts').then(() => { const loaded = Object.keys(require.cache).some((k) => k.includes('/node_modules/ssh2/')); console.log(loaded ? 'LOADED' : 'CLEAN'); })";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stdout.trim()).toBe('CLEAN');
  });
});
