/**
 * Trust and gate overhead per tool call: `decide` over a 50-rule policy next to running the same
 * rules as raw RegExps; `hashAction` next to SHA-256 of plain JSON.stringify; a full gate round trip
 * (request → approve → consume); and the command-pattern guard on 1×, 4×, 16× adversarial input.
 */
import { createHash } from 'node:crypto';
import { createGate, hashAction } from '../src/gate/index.js';
import { compileCommandPattern, decide, parsePolicy } from '../src/trust/index.js';
import { formatNs, measure, printTable } from './harness.js';

export default async function run(): Promise<void> {
  const opts = { samples: 7 };
  const rules = Array.from({ length: 50 }, (_, i) => ({
    id: `r${i}`,
    effect: (i % 10 === 0 ? 'deny' : 'allow') as 'deny' | 'allow',
    tool: 'ssh',
    target: `site${i}-*`,
    command: `interface ge-0/0/${i} .*`,
  }));
  const policy = parsePolicy({ v: 1, rules });
  const raw = rules.map((r) => new RegExp(`^(?:${r.command})$`, 'u'));
  const call = { tool: 'ssh', target: 'site49-sw1', args: { command: 'interface ge-0/0/49 shutdown' } };
  const cls = { risk: 'moderate' as const, reasons: ['interface change'] };
  const d = await measure(
    'decide (50 rules, autonomous)',
    () => decide(call, cls, 'autonomous', policy),
    opts,
  );
  const r = await measure('raw: 50 RegExp.test', () => raw.some((re) => re.test(call.args.command)), opts);
  const action = {
    ...call,
    args: { command: call.args.command, password: '__SECRET_PASSWORD_01__' },
    credentialRefs: ['enable'],
  };
  const h = await measure('hashAction (validate + RFC 8785 + SHA-256)', () => hashAction(action), opts);
  const hr = await measure(
    'raw: sha256(JSON.stringify)',
    () => createHash('sha256').update(JSON.stringify(action)).digest('hex'),
    opts,
  );
  const gate = createGate({ maxApprovals: 1 << 30 });
  const g = await measure(
    'gate round trip: request + approve + consume',
    async () => {
      const card = await gate.request(action, cls);
      await gate.approve(card.approvalId, { by: 'bench' });
      await gate.consume(card.approvalId, action);
    },
    { samples: 5, batch: 500 },
  );
  gate.dispose();
  printTable('per tool call', [
    { op: d.name, median: formatNs(d.medianNs), 'vs raw': `${(d.medianNs / r.medianNs).toFixed(1)}×` },
    { op: r.name, median: formatNs(r.medianNs), 'vs raw': '1.0×' },
    { op: h.name, median: formatNs(h.medianNs), 'vs raw': `${(h.medianNs / hr.medianNs).toFixed(1)}×` },
    { op: hr.name, median: formatNs(hr.medianNs), 'vs raw': '1.0×' },
    { op: g.name, median: formatNs(g.medianNs), 'vs raw': '' },
  ]);

  // Adversarial (non-matching) input for an accepted pattern: with one repeat per pattern the time
  // grows linearly; two repeats (`show .* detail .*`, rejected) grew 116× for 16× input in this bench.
  const p = compileCommandPattern('show (ip|ipv6) [a-z]+ detail');
  const rows = [];
  let base = 0;
  for (const n of [256, 1024, 4096]) {
    // No match (the trailing newline defeats `.`), so the engine tries every split of the two `.*`.
    const input = `${`show ip ${'d'.repeat(n)}`.slice(0, n - 1)}\n`;
    const m = await measure(`pattern on ${n} chars`, () => p.test(input), { samples: 5 });
    if (base === 0) base = m.medianNs;
    rows.push({ input: n, median: formatNs(m.medianNs), 'vs 1×': `${(m.medianNs / base).toFixed(1)}×` });
  }
  printTable('command pattern guard on 1×, 4×, 16× non-matching input', rows);
}
