/**
 * Runner-level secrecy properties: whatever the chunking of device output and whether the transport
 * streams or not, a registered secret never reaches the model, the events or the audit trail; audit
 * faults before execution stop the run with nothing executed; the SDK is never imported statically.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgentRunOptions,
  type CommandTransport,
  createAgentRun,
  type RunEvent,
  ScriptedModel,
  trustDecider,
} from '../../src/agent/index.js';
import { createRedactor } from '../../src/redact/index.js';
import { keywordClassifier, memoryAudit, plainDevice, scriptedGate } from './support/fakes.js';

function chunkedDevice(
  output: string,
  sizes: number[],
  streams: boolean,
): CommandTransport & { log: string[] } {
  const log: string[] = [];
  return {
    target: 'sim://prop',
    log,
    async exec(command, options) {
      log.push(command);
      if (streams) {
        let at = 0;
        for (let i = 0; at < output.length; i++) {
          const size = sizes[i % sizes.length] ?? 1;
          options?.onData?.(output.slice(at, at + size), 'stdout');
          at += size;
        }
      }
      return { output, exitStatus: 0, durationMs: 0, truncated: false, outputBytes: output.length };
    },
  };
}

describe('secrecy at the runner', () => {
  it('property: a registered secret never reaches the model, the events or the audit, for any chunking', async () => {
    // Values that could be part of a placeholder itself are left out (they would match the placeholder).
    const secretArb = fc
      .stringMatching(/^[A-Za-z0-9!#%&*+.,:;?@^~-]{8,40}$/)
      .filter((s) => !/SECRET|PASSWORD/.test(s));
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (secret, before, after, sizes, streams) => {
          const output = `${before}\nadd name=vpn1 comment=${secret} \n${after}${secret}`;
          const device = chunkedDevice(output, sizes, streams);
          const redactor = createRedactor({ org: 'acme', secrets: [{ value: secret, kind: 'PASSWORD' }] });
          const audit = memoryAudit();
          const model = new ScriptedModel([
            { toolUses: [{ name: 'run_command', input: { command: '/ppp secret print' } }] },
            { text: 'ok' },
          ]);
          const events: RunEvent[] = [];
          const run = createAgentRun({
            model,
            transport: device,
            classifier: keywordClassifier,
            decider: trustDecider(),
            gate: scriptedGate('deny'),
            redactor,
            substituter: redactor.table,
            audit,
            org: 'acme',
            task: 'read',
          });
          for await (const ev of run) events.push(ev);
          expect(device.log).toHaveLength(1);
          for (const text of [
            JSON.stringify(model.requests),
            JSON.stringify(events),
            JSON.stringify(audit.events),
          ]) {
            expect(text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))).toBe(false);
          }
        },
      ),
      { seed: 20_261_126, numRuns: 40 },
    );
  });

  it('an audit write that fails before execution ends the run and nothing runs', async () => {
    const device = plainDevice(() => 'x');
    const base = memoryAudit();
    const options: AgentRunOptions = {
      model: new ScriptedModel([{ toolUses: [{ name: 'run_command', input: { command: '/export' } }] }]),
      transport: device,
      classifier: keywordClassifier,
      decider: trustDecider(),
      gate: scriptedGate('grant'),
      unsafeNoRedaction: true,
      audit: {
        async record(event) {
          if (event.type === 'tool.decided') throw new Error('disk full');
          await base.record(event);
        },
      },
      org: 'acme',
      task: 'read',
    };
    const result = await createAgentRun(options).start();
    expect(result.status).toBe('error');
    expect(device.log).toEqual([]);
  });

  it('no file of airlock/agent imports the AWS SDK statically (it loads only when Bedrock is used)', () => {
    const dir = join(import.meta.dirname, '../../src/agent');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/^\s*import[^(]*['"]@aws-sdk\//m);
      expect(source, file).not.toMatch(/require\(['"]@aws-sdk\//);
    }
  });
});
