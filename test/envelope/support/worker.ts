/**
 * A second process for cross-process tests, run as `node --import tsx worker.ts <command> <json>`.
 * It shares a FileDekStore and LocalKeyring directory with the test (root key from AIRLOCK_ROOT_KEY) and
 * prints one JSON object per line.
 */
import { createInterface } from 'node:readline';
import { createEnvelope } from '../../../src/envelope/envelope.js';
import { FileDekStore } from '../../../src/envelope/file-store.js';
import { LocalKeyring } from '../../../src/envelope/local-keyring.js';
import type { Slot } from '../../../src/envelope/slot.js';

interface Args {
  dir: string;
  org: string;
  count?: number;
  startAt?: number;
  tag?: string;
  sealed?: { sealed: string; slot: Slot }[];
}

const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}') as Args;
const envelope = createEnvelope({
  keyring: new LocalKeyring({ dir: args.dir }),
  store: new FileDekStore({ dir: args.dir }),
  rotation: { reserveBlock: 8 },
});
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function openAll(): Promise<void> {
  const results: string[] = [];
  for (const item of args.sealed ?? []) {
    try {
      const text = await envelope.openText(item.sealed, item.slot, { purpose: 'cross-process test' });
      results.push(`ok:${text}`);
    } catch (e) {
      results.push(`err:${(e as { code?: string }).code ?? 'UNKNOWN'}`);
    }
  }
  print({ results });
}

if (command === 'rotate-and-seal') {
  // Both workers wait for the same instant so their rotations really overlap.
  while (Date.now() < (args.startAt ?? 0)) await new Promise((r) => setTimeout(r, 1));
  for (let i = 0; i < (args.count ?? 1); i++) {
    const slot = { org: args.org, table: 't', record: `${args.tag}-${i}`, field: 'f' };
    await envelope.rotate(args.org, 'test');
    const plaintext = `${args.tag}:${i}`;
    const sealed = await envelope.seal(slot, plaintext);
    print({ sealed, slot, plaintext });
  }
  print({ done: true });
} else if (command === 'open-on-demand') {
  // Opens the given values once per line read from stdin, keeping its cache warm in between.
  const lines = createInterface({ input: process.stdin });
  print({ ready: true });
  for await (const line of lines) {
    if (line === 'exit') break;
    await openAll();
  }
  lines.close();
  process.exit(0);
} else {
  print({ error: `unknown command ${command}` });
}
