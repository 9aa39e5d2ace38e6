import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, goldenCases } from './cases.js';

// Detection must not change by accident: every golden case (corpus files, switches, registered secrets,
// streams, seeded mutations) still gives the result recorded by record.ts.
describe('golden redaction results', () => {
  it('every case gives its recorded result', () => {
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'hashes.json'), 'utf8')) as Record<
      string,
      string
    >;
    const cases = goldenCases();
    expect(cases.length).toBe(Object.keys(recorded).length);
    const changed: string[] = [];
    for (const c of cases) if (digest(c.run()) !== recorded[c.id]) changed.push(c.id);
    expect(changed).toEqual([]);
  }, 120_000);
});
