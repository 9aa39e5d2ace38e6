import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  demoScriptApprover,
  neverApprover,
  noTerminalApprover,
  promptApprover,
} from '../../examples/noc-agent/approvers.js';
import { diagnose } from '../../examples/noc-agent/scenario/vlan20-model.js';
import { type CardView, renderApprovalCard } from '../../examples/noc-agent/ui/approval-card.js';
import { summarizeAudit } from '../../examples/noc-agent/ui/audit-summary.js';
import { createStyle, stripAnsi, useColor } from '../../examples/noc-agent/ui/style.js';
import { sanitize } from '../../examples/noc-agent/ui/terminal.js';
import type { AuditEvent } from '../../src/audit/index.js';
import { runCli } from '../../src/transports/simulator/cli.js';
import { createRosState } from '../../src/transports/simulator/state.js';

const card = (risk: string, command = '/ip firewall filter disable 3'): CardView => ({
  approvalId: 'apr_1',
  tool: 'run_command',
  target: 'ssh://admin@10.0.0.1:22',
  command,
  risk,
  reasons: ['moderate: disable changes configuration or state'],
  rule: 'airlock/supervised-asks',
  reason: 'trust level supervised asks for moderate calls',
  credentialRefs: [],
  expiresAt: undefined,
});

describe('approvers fail closed', () => {
  it('--approve never and "no terminal" deny every risk', async () => {
    for (const approver of [neverApprover(), noTerminalApprover()]) {
      for (const risk of ['read', 'moderate', 'dangerous', 'unknown']) {
        expect((await approver.answer(card(risk))).approved).toBe(false);
      }
    }
  });

  it('the demo script approves moderate only, never dangerous or unknown', async () => {
    const a = demoScriptApprover();
    expect((await a.answer(card('moderate'))).approved).toBe(true);
    expect((await a.answer(card('dangerous'))).approved).toBe(false);
    expect((await a.answer(card('unknown'))).approved).toBe(false);
  });

  // Types each line only once the prompt shows, as a person does.
  const prompt = async (lines: readonly string[] | null, signal?: AbortSignal) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const approver = promptApprover(input, output);
    let next = 0;
    output.setEncoding('utf8').on('data', (chunk: string) => {
      if (lines !== null && chunk.includes('Approve this command') && next < lines.length) {
        input.write(`${lines[next++]}\n`);
      }
    });
    if (lines === null) input.end();
    const result = await approver.answer(card('moderate'), signal);
    approver.close();
    return result.approved;
  };
  it.each([
    ['y', ['y'], true],
    ['yes', ['YES'], true],
    ['Enter', [''], false],
    ['n', ['n'], false],
    ['three unclear answers', ['maybe', 'perhaps', 'ok'], false],
    ['end of input', null, false],
  ] as const)('the terminal prompt: %s', async (_name, lines, approved) => {
    expect(await prompt(lines)).toBe(approved);
  });

  it('type-ahead never approves: a y typed before the card is shown is discarded', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const approver = promptApprover(input, output);
    input.write('y\n');
    await new Promise((r) => setImmediate(r));
    output.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('Approve this command')) input.write('\n');
    });
    const result = await approver.answer(card('moderate'));
    approver.close();
    expect(result.approved).toBe(false);
  });

  it('the terminal prompt: an aborted card is denied', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await prompt(['y'], controller.signal)).toBe(false);
  });
});

describe('terminal output', () => {
  it('colour only on a terminal, and never when NO_COLOR is set or TERM is dumb', () => {
    expect(useColor(undefined, { isTTY: true }, {})).toBe(true);
    expect(useColor(undefined, { isTTY: false }, {})).toBe(false);
    expect(useColor(undefined, {}, {})).toBe(false);
    expect(useColor(undefined, { isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(undefined, { isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor(undefined, { isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(useColor(true, { isTTY: false }, { NO_COLOR: '1' })).toBe(true);
    expect(useColor(false, { isTTY: true }, {})).toBe(false);
  });

  it('device or model text cannot move the cursor, clear the screen or reorder text', () => {
    const hostile = 'ok\x1b[2J\x1b[1;1Hfake card\r\u202eevil\x07';
    const clean = sanitize(hostile);
    expect(clean).not.toMatch(/[\x1b\r\x07\u202e]/);
    expect(clean).toContain('^[[2J');
    expect(sanitize('line1\n\tline2')).toBe('line1\n\tline2');
  });

  it('an approval card shows the exact command, risk, reasons and rule, sanitised', () => {
    const text = renderApprovalCard(card('dangerous', '/system reboot\x1b[2K'), createStyle(false));
    expect(text).toContain('approval needed: DANGEROUS');
    expect(text).toContain('│ command  /system reboot^[[2K');
    expect(text).toContain('│ risk     DANGEROUS');
    expect(text).toContain('· moderate: disable changes configuration or state');
    expect(text).toContain('│ rule     airlock/supervised-asks');
    expect(text).not.toContain('\x1b');
    expect(stripAnsi(renderApprovalCard(card('moderate'), createStyle(true)))).toContain('MODERATE');
  });
});

describe('the scripted model finds the seeded VLAN 20 fault', () => {
  const exported = (fault: 'firewall-drop' | 'vlan-disabled' | 'none') =>
    runCli(createRosState({ fault }), 'admin', '/export show-sensitive').output;

  it('a firewall rule dropping 10.20.0.0/24 is disabled by its comment (reversible)', () => {
    expect(diagnose(exported('firewall-drop'))).toMatchObject({
      fix: '/ip firewall filter disable [find comment="maintenance: block vlan20"]',
      verify: '/ip firewall filter print',
    });
  });

  it('a disabled vlan20 interface is enabled', () => {
    expect(diagnose(exported('vlan-disabled'))?.fix).toBe('/interface vlan enable [find name=vlan20]');
  });

  it('a healthy router gets no fix', () => {
    expect(diagnose(exported('none'))).toBeUndefined();
  });
});

describe('the audit summary', () => {
  it('maps the gate approval events back to their tool call through the action hash', () => {
    const base = { v: 1, org: 'o', time: '2026-01-01T00:00:00.000Z', runId: 'r' } as const;
    const sys = { kind: 'system', id: 'airlock' } as const;
    const events = [
      {
        ...base,
        id: '1',
        type: 'tool.proposed',
        toolCallId: 't1',
        actor: { kind: 'agent', id: 'm' },
        data: { tool: 'run_command', args: { command: '/system reboot' }, actionHash: 'h1' },
      },
      {
        ...base,
        id: '2',
        type: 'tool.classified',
        toolCallId: 't1',
        actor: sys,
        data: { tool: 'run_command', risk: 'dangerous', reasons: [] },
      },
      {
        ...base,
        id: '3',
        type: 'tool.decided',
        toolCallId: 't1',
        actor: sys,
        data: { tool: 'run_command', decision: 'ask', trust: 'supervised', risk: 'dangerous', reason: 'x' },
      },
      {
        ...base,
        id: '4',
        type: 'approval.requested',
        actor: sys,
        data: { approvalId: 'a1', actionHash: 'h1', risk: 'dangerous', expiresAt: 'x' },
      },
      {
        ...base,
        id: '5',
        type: 'approval.denied',
        actor: { kind: 'user', id: 'alice' },
        data: { approvalId: 'a1' },
      },
    ] as unknown as AuditEvent[];
    const summary = summarizeAudit(events);
    expect(summary.calls).toHaveLength(1);
    expect(summary.calls[0]).toMatchObject({
      command: '/system reboot',
      risk: 'dangerous',
      decision: 'ask',
      approval: 'denied',
      approvedBy: 'alice',
      executed: false,
    });
    expect(summary.total).toBe(5);
  });
});
