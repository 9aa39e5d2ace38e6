/**
 * Airlock in one file: seal a device password, redact a configuration before the model sees it,
 * classify and decide a proposed command, gate it behind an approval bound to the exact action,
 * substitute the secret only at execution, and verify the audit log. Runs offline:
 * `npx tsx examples/quickstart.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAirlockError } from 'airlock';
import { createAuditLog, createFileSink, verifyLog } from 'airlock/audit';
import { classifyCommand } from 'airlock/classifier';
import { createEnvelope, FileDekStore, LocalKeyring } from 'airlock/envelope';
import { createGate } from 'airlock/gate';
import { createRedactor } from 'airlock/redact';
import { decide, parsePolicy } from 'airlock/trust';

const dir = mkdtempSync(join(tmpdir(), 'airlock-quickstart-'));
const org = 'acme';

// 1. Evidence first: every module below writes to this log.
const audit = createAuditLog({ sink: createFileSink(join(dir, 'audit.jsonl')), org });

// 2. The device password lives sealed, bound to its slot; the root key file is created with mode 0600.
const envelope = createEnvelope({
  keyring: new LocalKeyring({ dir: join(dir, 'keys') }),
  store: new FileDekStore({ dir: join(dir, 'keys') }),
  audit,
});
const slot = { org, table: 'credentials', record: 'rtr-01', field: 'password' };
const sealed = await envelope.seal(slot, 'Tr0ub4dor&3-snmp');

// 3. The redactor knows the vault's secret and finds the others by shape; the model sees placeholders.
const redactor = createRedactor({ org });
redactor.register(await envelope.openText(sealed, slot, { purpose: 'register with redactor' }), {
  kind: 'PASSWORD',
  name: 'vault:rtr-01/password',
});
const deviceOutput =
  '/snmp community\nset [ find default=yes ] name=Tr0ub4dor&3-snmp\n/interface wireless security-profiles\nset [ find default=yes ] wpa2-pre-shared-key=c0rrectHorseBatteryStaple';
const forModel = redactor.redact(deviceOutput);
console.log(forModel.text);
const placeholder = forModel.findings[0]!.placeholder;

// 4. The model proposes a command, with the placeholder. Classify and decide.
const call = {
  tool: 'run_command',
  target: 'rtr-01',
  args: { command: `/snmp community set 0 name=${placeholder}` },
};
const classification = classifyCommand(call.args.command, { vendor: 'routeros' });
const policy = parsePolicy({
  v: 1,
  rules: [{ id: 'no-reboot', effect: 'deny', command: '/system reboot.*' }],
});
const decision = decide(call, classification, 'supervised', policy);
console.log(`${classification.risk} → ${decision.decision} (${decision.rule}: ${decision.reason})`);

// 5. It asks: the approval card shows placeholders only, and binds the exact action.
const gate = createGate({ audit, org });
const card = await gate.request(call, classification, decision);
await gate.approve(card.approvalId, { by: 'alice' });

// Something else cannot ride on that approval...
try {
  await gate.consume(card.approvalId, { ...call, args: { command: '/system reset-configuration' } });
} catch (err) {
  if (isAirlockError(err)) console.log(`refused: ${err.code}`);
}
// ...and the approved action runs once; only now is the secret substituted, inside the executor.
await gate.consume(card.approvalId, call);
const { text: real } = redactor.table.substitute(call.args.command);
console.log(`executor would run a ${real.length}-character command (its text stays inside the executor)`);

// 6. Close the log and verify it offline.
await audit.close();
const verdict = await verifyLog(join(dir, 'audit.jsonl'));
console.log(
  verdict.ok ? `audit log verified: ${verdict.size} entries` : `audit log INVALID: ${verdict.reason}`,
);
if (!verdict.ok) process.exit(1);
