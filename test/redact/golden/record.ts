/** Records the golden hashes: `npx tsx test/redact/golden/record.ts` (only when detection is meant to change). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digest, goldenCases } from './cases.js';

const out: Record<string, string> = {};
for (const c of goldenCases()) out[c.id] = digest(c.run());
writeFileSync(join(import.meta.dirname, 'hashes.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`${Object.keys(out).length} cases recorded`);
