import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAuditLog, createFileSink, verifyLog } from '../../src/audit/index.js';
import { isAirlockError } from '../../src/errors.js';
import { sampleEvent } from './helpers.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'airlock-audit-lock-'));
let n = 0;
const fresh = () => join(dir, `log-${++n}.jsonl`);

async function expectLocked(p: Promise<unknown>): Promise<void> {
  try {
    await p;
    expect.unreachable('a second writer was let in');
  } catch (e) {
    expect(isAirlockError(e, 'AUDIT_LOG_LOCKED')).toBe(true);
  }
}

describe('one writer per audit log file', () => {
  it('a second writer in the same process is refused until the first closes', async () => {
    const path = fresh();
    const first = createAuditLog({ sink: createFileSink(path) });
    await first.record(sampleEvent(0));
    await expectLocked(createFileSink(path).load!());
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const second = createAuditLog({ sink: createFileSink(path) });
    await second.record(sampleEvent(1));
    await second.close();
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 2 });
  });

  it('a writer in another process is refused while this one holds the log', async () => {
    const path = fresh();
    const log = createAuditLog({ sink: createFileSink(path) });
    await log.record(sampleEvent(0));
    const script = `import { createFileSink } from ${JSON.stringify(join(import.meta.dirname, '../../src/audit/index.ts'))};
      try { await createFileSink(${JSON.stringify(path)}).load(); console.log('OPENED'); }
      catch (e) { console.log(e.code); }`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('AUDIT_LOG_LOCKED');
    await log.close();
  });

  it('a lock left by a process that no longer runs is taken over', async () => {
    const path = fresh();
    // A pid far above the kernel's default pid_max stands for a crashed writer.
    writeFileSync(`${path}.lock`, '4194304999 deadbeef\n');
    const log = createAuditLog({ sink: createFileSink(path) });
    await log.record(sampleEvent(0));
    await log.close();
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 1 });
  });
});
