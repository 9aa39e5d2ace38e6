/**
 * The `airlock` command line. Today: `airlock audit verify|checkpoint|keygen`. Errors are one line on
 * stderr with a stable exit code (0 ok, 1 invalid evidence, 2 usage or unreadable input).
 */
import { runAuditCommand } from './audit.js';

const [group, ...rest] = process.argv.slice(2);
const io = {
  out: (l: string) => process.stdout.write(`${l}\n`),
  err: (l: string) => process.stderr.write(`${l}\n`),
};

if (group === 'audit') {
  process.exitCode = await runAuditCommand(rest, io);
} else {
  io.err('usage: airlock audit <verify|checkpoint|keygen> …');
  process.exitCode = 2;
}
