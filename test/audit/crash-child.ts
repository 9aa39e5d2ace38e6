// Child process of crash.test.ts: appends to a file log under load and prints "<index> <id>" for every
// acknowledged (durable) entry, until it is killed.
import { createAuditLog, createFileSink } from '../../src/audit/index.js';

const path = process.argv[2]!;
const log = createAuditLog({ sink: createFileSink(path) });
await log.ready();
process.stdout.write('ready\n');
let i = 0;
const worker = async () => {
  for (;;) {
    const e = await log.append({
      type: 'command.executed',
      org: 'acme',
      actor: { kind: 'agent', id: 'crash' },
      data: { target: `r${i++ % 7}`, exitStatus: 0, durationMs: 1, outputBytes: 512 },
    });
    process.stdout.write(`${e.index} ${e.event.id}\n`);
  }
};
await Promise.all(Array.from({ length: 64 }, worker));
