// The default hook remembers strings the redactor left unchanged; that memo must be invisible: the
// hook gives what the bare redactor gives, in any order, and a secret is redacted every time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEventInput, createEventRedactor, defaultEventRedactor } from '../../src/audit/index.js';
import { createRedactor } from '../../src/redact/index.js';

const texts = [
  'check interface ge-0/0/1 errors before touching BGP',
  'use password=hunter2xyz on core-rtr-1',
  'snmp-server community s3cr3tC0mmunity RO',
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl',
  'ok',
  'x'.repeat(200),
  `enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0 ${'y'.repeat(150)}`,
  'password=hunter2xyz',
  // Bare, before or after the assignment above: a redactor that learned secrets from context would
  // redact it only after, and a memo of it as clean would then be wrong; this sequence catches that.
  'hunter2xyz',
];
const event = (instruction: string): AuditEventInput => ({
  type: 'run.redirected',
  org: 'acme',
  actor: { kind: 'user', id: 'alice' },
  data: { instruction },
});

describe('default redaction hook', () => {
  it('remembering clean strings never changes what is stored, whatever came before (property)', () => {
    const memo = defaultEventRedactor();
    const bare = createEventRedactor(createRedactor({ tableLimit: 1 }));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...texts), { minLength: 1, maxLength: 30 }), (seq) => {
        for (const t of seq) expect(memo(event(t))).toEqual(bare(event(t)));
      }),
      { seed: 4242, numRuns: 40 },
    );
    // The secrets are redacted on every pass, not only the first.
    for (let i = 0; i < 3; i++) {
      const out = memo(event('use password=hunter2xyz on core-rtr-1'));
      expect(JSON.stringify(out)).not.toContain('hunter2xyz');
    }
  });
});
