/**
 * Runner overhead: the whole per-call pipeline (validate input, classify, decide, audit four events,
 * exec, streaming redaction, cap) next to the raw primitive an agent without Airlock would run (exec the
 * command on the same in-memory device and hand the output to the model), plus the prompt-cache planner
 * next to the JSON serialization the SDK performs on the same request anyway.
 */
import {
  commandClassifier,
  createAgentRun,
  lookupModel,
  type Message,
  planCachePoints,
  runCommandTool,
  ScriptedModel,
  type ScriptStep,
  toToolSpec,
  trustDecider,
} from '../src/agent/index.js';
import type { AuditEventInput } from '../src/audit/index.js';
import { createRedactor } from '../src/redact/index.js';
import { formatNs, measure, printTable } from './harness.js';

const OUTPUT = Array.from(
  { length: 40 },
  (_, i) =>
    `add name=user${i} password=Pw-${i}-x9Qz7Lm2 profile=default remote-address=10.0.${i}.2 service=l2tp`,
).join('\n');
const CALLS = 20;

function device() {
  return {
    target: 'sim://bench',
    async exec(_command: string, options?: { onData?: (c: string, s: 'stdout' | 'stderr') => void }) {
      for (let i = 0; i < OUTPUT.length; i += 512) options?.onData?.(OUTPUT.slice(i, i + 512), 'stdout');
      return { output: OUTPUT, exitStatus: 0, durationMs: 0, truncated: false, outputBytes: OUTPUT.length };
    },
  };
}

export default async function run(): Promise<void> {
  const steps: ScriptStep[] = [
    {
      toolUses: Array.from({ length: CALLS }, (_, i) => ({
        name: 'run_command',
        input: { command: '/ppp secret print' },
        id: `c${i}`,
      })),
    },
  ];
  const events: AuditEventInput[] = [];
  const classifier = commandClassifier({ vendor: 'routeros' });
  const decider = trustDecider(undefined, { vendor: 'routeros' });
  const airlock = await measure(
    `Airlock run, ${CALLS} tool calls`,
    async () => {
      const redactor = createRedactor({ org: 'acme' });
      events.length = 0;
      const r = await createAgentRun({
        model: new ScriptedModel(steps),
        transport: device(),
        classifier,
        decider,
        gate: { request: async () => ({ status: 'denied', approvalId: 'x' }), consume: () => false },
        redactor,
        substituter: redactor.table,
        audit: { record: async (e) => void events.push(e) },
        org: 'acme',
        task: 'bench',
        cache: false,
      }).start();
      if (r.status !== 'finished') throw new Error(`run ended ${r.status}`);
    },
    { samples: 7, warmup: 1, batch: 5 },
  );
  const raw = await measure(
    `raw exec + hand output to the model, ${CALLS} calls`,
    async () => {
      const d = device();
      const results: string[] = [];
      for (let i = 0; i < CALLS; i++) results.push((await d.exec('/ppp secret print')).output);
      if (results.length !== CALLS) throw new Error('lost');
    },
    { samples: 7, warmup: 1 },
  );
  const redactOnly = await measure(
    `redaction stream alone, ${CALLS} outputs`,
    () => {
      const redactor = createRedactor({ org: 'acme' });
      for (let i = 0; i < CALLS; i++) {
        const stream = redactor.createStream();
        for (let j = 0; j < OUTPUT.length; j += 512) stream.push(OUTPUT.slice(j, j + 512));
        stream.end();
      }
    },
    { samples: 7, warmup: 1 },
  );
  printTable('agent pipeline per run (median)', [
    {
      case: redactOnly.name,
      median: formatNs(redactOnly.medianNs),
      perCall: formatNs(redactOnly.medianNs / CALLS),
    },
    { case: airlock.name, median: formatNs(airlock.medianNs), perCall: formatNs(airlock.medianNs / CALLS) },
    { case: raw.name, median: formatNs(raw.medianNs), perCall: formatNs(raw.medianNs / CALLS) },
    { case: 'ratio Airlock / raw', median: (airlock.medianNs / raw.medianNs).toFixed(0), perCall: '' },
  ]);

  const messages: Message[] = Array.from({ length: 100 }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: [{ text: `${OUTPUT.slice(0, 800)} turn ${i}` }],
  }));
  const specs = [toToolSpec(runCommandTool)];
  const system = ['You operate network devices. '.repeat(200)];
  const info = lookupModel('anthropic.claude-3-7-sonnet-20250219-v1:0');
  const plan = await measure(
    'planCachePoints, 100 messages',
    () => planCachePoints({ model: info, system, tools: specs, messages }),
    {
      samples: 9,
    },
  );
  const serialize = await measure(
    'JSON.stringify of the same request',
    () => JSON.stringify({ system, tools: specs, messages }),
    {
      samples: 9,
    },
  );
  printTable('prompt-cache planner (median)', [
    { case: plan.name, median: formatNs(plan.medianNs) },
    { case: serialize.name, median: formatNs(serialize.medianNs) },
    { case: 'ratio planner / serialization', median: (plan.medianNs / serialize.medianNs).toFixed(2) },
  ]);
}
