/**
 * `npm run bench [-- name…]`: runs every `bench/*.bench.ts` (or the named ones) in one process, each
 * printing a table that puts Airlock next to its peer or raw primitive measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

console.log(`Airlock benchmarks on Node ${process.version}, ${process.platform}/${process.arch}`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  console.log(`\n# ${f.replace('.bench.ts', '')}`);
  await mod.default();
}
