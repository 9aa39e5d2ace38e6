// Spawns the real `airlock` CLI against real files: from source through tsx once, and otherwise as a
// one-file bundle of the same source (each tsx start costs ~1 s on a shared 2-core machine).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'audit', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'airlock-cli-'));

const fromSource = ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
let command = fromSource;

beforeAll(async () => {
  try {
    const esbuild = await import('esbuild');
    const outfile = join(work, 'airlock.mjs');
    await esbuild.build({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    command = [outfile];
  } catch {
    command = fromSource;
  }
});

function airlock(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return run(command, args);
}

function run(cmd: string[], args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cmd, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const log = join(fixtures, 'v1-log.jsonl');
const cp = join(fixtures, 'v1-log.checkpoint');
const pub = join(fixtures, 'v1-signer.pub');
const tampered = (name: string, edit: (text: string) => string): string => {
  const path = join(work, name);
  writeFileSync(path, edit(readFileSync(log, 'utf8')));
  return path;
};

describe('airlock audit verify', () => {
  it('exits 0 on a valid log and its checkpoint, with one OK line (run from source through tsx)', () => {
    const r = run(fromSource, ['audit', 'verify', log, '--checkpoint', cp, '--public-key', pub]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK 6 entries, 6 signed, root [0-9a-f]{64}\n$/);
  });

  it('rejects each kind of tampering with exit 1, the entry index and the reason, and no stack trace', () => {
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const cases: [string, string[], RegExp][] = [
      [
        tampered('byte.jsonl', (t) => t.replace('"pause 1"', '"pause 2"')),
        [],
        /^INVALID entry 1: CHAIN_MISMATCH/,
      ],
      [
        tampered('del.jsonl', () => `${[lines[0], ...lines.slice(2)].join('\n')}\n`),
        [],
        /^INVALID entry 1: INDEX_MISMATCH/,
      ],
      [
        tampered('ins.jsonl', () => `${[lines[0], lines[0], ...lines.slice(1)].join('\n')}\n`),
        [],
        /^INVALID entry 1: INDEX_MISMATCH/,
      ],
      [
        tampered('swap.jsonl', () => `${[lines[1], lines[0], ...lines.slice(2)].join('\n')}\n`),
        [],
        /^INVALID entry 0: INDEX_MISMATCH/,
      ],
      [
        tampered('cut.jsonl', () => `${lines.slice(0, 4).join('\n')}\n`),
        ['--checkpoint', cp, '--public-key', pub],
        /^INVALID entry 4: TRUNCATED/,
      ],
      [tampered('torn.jsonl', (t) => t.slice(0, -20)), [], /^INVALID entry 5: TORN_TAIL/],
    ];
    for (const [path, extra, expected] of cases) {
      const r = airlock('audit', 'verify', path, ...extra);
      expect(r.code, path).toBe(1);
      expect(r.stdout).toMatch(expected);
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });

  it('rejects a forged checkpoint and a log rewritten under another key', () => {
    const forged = join(work, 'forged.checkpoint');
    writeFileSync(forged, readFileSync(cp, 'utf8').replace('size 6', 'size 5'));
    const r1 = airlock('audit', 'verify', log, '--checkpoint', forged, '--public-key', pub);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/^INVALID checkpoint: BAD_SIGNATURE/);

    // A rewriter with their own key: new keys, a new log of their own, their own checkpoint.
    expect(airlock('audit', 'keygen', join(work, 'attacker')).code).toBe(0);
    const rewritten = join(work, 'rewritten.jsonl');
    writeFileSync(
      rewritten,
      readFileSync(join(fixtures, 'v1-log.jsonl'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n',
    );
    expect(airlock('audit', 'checkpoint', rewritten, '--private-key', join(work, 'attacker.key')).code).toBe(
      0,
    );
    const r2 = airlock('audit', 'verify', rewritten, '--public-key', pub);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/^INVALID checkpoint: KEY_MISMATCH/);
    const r3 = airlock('audit', 'verify', rewritten, '--checkpoint', cp, '--public-key', pub);
    expect(r3.stdout).toMatch(/^INVALID entry 3: TRUNCATED/);
  });

  it('keygen, checkpoint and verify work together, and checkpoint refuses a log that no longer extends it', () => {
    const prefix = join(work, 'ops');
    const k = airlock('audit', 'keygen', prefix);
    expect(k.code).toBe(0);
    expect(k.stdout).toMatch(/^KEY [0-9a-f]{16}: private /);
    expect(existsSync(`${prefix}.key`) && existsSync(`${prefix}.pub`)).toBe(true);
    expect(airlock('audit', 'keygen', prefix).code).toBe(2); // never overwrites a key
    const mine = join(work, 'mine.jsonl');
    copyFileSync(log, mine);
    const c = airlock('audit', 'checkpoint', mine, '--private-key', `${prefix}.key`, '--origin', 'ops');
    expect(c.code).toBe(0);
    expect(readFileSync(`${mine}.checkpoint`, 'utf8')).toMatch(
      /^airlock-audit-checkpoint\/v1\norigin ops\nsize 6\n/,
    );
    expect(airlock('audit', 'verify', mine, '--public-key', `${prefix}.pub`).code).toBe(0);
    writeFileSync(mine, readFileSync(mine, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const again = airlock('audit', 'checkpoint', mine, '--private-key', `${prefix}.key`);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/TRUNCATED.*not signing/);
  });

  it('usage errors and unreadable files exit 2 with one line and no stack trace', () => {
    for (const args of [
      ['audit'],
      ['audit', 'verify'],
      ['audit', 'verify', log, '--bogus'],
      ['audit', 'verify', log, '--checkpoint', cp],
      ['audit', 'verify', join(work, 'missing.jsonl')],
      ['audit', 'verify', log, '--public-key', join(work, 'missing.pub')],
      ['audit', 'checkpoint', log],
      ['nope'],
    ]) {
      const r = airlock(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
    const badKey = join(work, 'bad.pub');
    writeFileSync(badKey, 'not a key');
    const r = airlock('audit', 'verify', log, '--checkpoint', cp, '--public-key', badKey);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^airlock audit: AUDIT_BAD_KEY/);
  });
});
