import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';
import { loadCorpus } from './corpus.js';

const KEY = new Uint8Array(32).fill(7);

/** A full garbage collection, so heap figures count only what is still referenced. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Every place where the legacy RegExp statics expose the last match's subject and groups. */
function regExpStatics(): string {
  const r = RegExp as unknown as Record<string, unknown>;
  return ['input', 'lastMatch', 'leftContext', 'rightContext', 'lastParen', '$1', '$2', '$3', '$4', '$5']
    .map((k) => String(r[k]))
    .join('\u0000');
}

describe('what a redactor keeps after redacting', () => {
  it('no secret stays readable through RegExp.input, RegExp.$1 and the other legacy statics', () => {
    const r = createRedactor({ key: KEY, org: 'acme' });
    let checked = 0;
    for (const file of loadCorpus()) {
      const secrets = file.secrets.filter((s) => s.length >= 6);
      for (const line of file.text.split('\n')) {
        r.redact(line);
        const exposed = regExpStatics();
        for (const s of secrets) expect(exposed.includes(s)).toBe(false);
        checked++;
      }
      const stream = r.createStream();
      stream.push(file.text);
      stream.end();
      const exposed = regExpStatics();
      for (const s of secrets) expect(exposed.includes(s)).toBe(false);
    }
    r.register('Registered-Secret-42');
    expect(regExpStatics().includes('Registered-Secret-42')).toBe(false);
    expect(checked).toBeGreaterThan(300);
  });

  it('the table and the memories keep the secrets they need, not the whole texts they came from', () => {
    const r = createRedactor({ key: KEY, org: 'acme' });
    const filler = 'interface Gi0/1\n description uplink to core, nothing secret here\n'.repeat(12_000);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 24; i++) {
      // ~1 MiB texts, each with a secret found by a detector, a short clean slice and a long name.
      const text = `${filler}snmp-server community Comm-${i}-abcdefghijk RO\nusername u${i} password 0 Pw-${i}-abcdefghijk\n`;
      r.redact(text);
      r.redact(text.slice(0, 40));
      r.redact(
        `${text.slice(0, 30)} my-very-long-parameter-name-with-secret-${i}-inside=Xy7-${i}-qwertzuiop`,
      );
    }
    collect();
    const grown = process.memoryUsage().heapUsed - before;
    // 24 texts of ~1.5 MB each: were any of them kept alive, the heap would grow by tens of MB.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    expect(r.table.size).toBeGreaterThanOrEqual(48);
  });
});
