import { describe, expect, test } from 'vitest';
import { classifyToolCall, type ToolCatalog } from '../../src/classifier/index.js';
import { isAirlockError } from '../../src/errors.js';

const catalog: ToolCatalog = {
  ssh_exec: { kind: 'command', vendor: 'ios', commandArg: 'command' },
  shell: { kind: 'command', vendor: 'linux', commandArg: 'cmd' },
  list_devices: { kind: 'http', method: 'GET', path: '/devices' },
  create_ticket: { kind: 'http', method: 'POST', path: '/tickets' },
  delete_device: { kind: 'http', method: 'DELETE', path: '/devices/{id}' },
  search: { kind: 'http', method: 'POST', path: '/search', effect: 'read' },
  weird: { kind: 'http', method: 'PROPFIND', path: '/x' },
  mcp_readonly_claim: { kind: 'mcp', annotations: { readOnlyHint: true } },
  mcp_trusted_read: { kind: 'mcp', localRisk: 'read', annotations: { readOnlyHint: true } },
  mcp_says_destructive: {
    kind: 'mcp',
    localRisk: 'read',
    annotations: { readOnlyHint: false, destructiveHint: true },
  },
  mcp_nondestructive: {
    kind: 'mcp',
    localRisk: 'read',
    annotations: { readOnlyHint: false, destructiveHint: false },
  },
  mcp_bare: { kind: 'mcp', localRisk: 'moderate' },
};

describe('classifyToolCall', () => {
  test('a command tool is classified through its command', () => {
    expect(classifyToolCall({ tool: 'ssh_exec', args: { command: 'show version' } }, catalog).risk).toBe(
      'read',
    );
    expect(classifyToolCall({ tool: 'ssh_exec', args: { command: 'reload' } }, catalog).risk).toBe(
      'dangerous',
    );
    expect(classifyToolCall({ tool: 'shell', args: { cmd: 'ls; reboot' } }, catalog).risk).toBe('dangerous');
  });

  test('a command tool whose command argument is missing or not a string is unknown', () => {
    for (const args of [{}, { command: 42 }, { command: ['show'] }, { other: 'show version' }]) {
      const r = classifyToolCall({ tool: 'ssh_exec', args }, catalog);
      expect(r.risk).toBe('unknown');
      expect(r.rule).toBe('tool.command-missing');
    }
  });

  test('HTTP endpoints use the declared effect, else the method', () => {
    expect(classifyToolCall({ tool: 'list_devices', args: {} }, catalog).risk).toBe('read');
    expect(classifyToolCall({ tool: 'create_ticket', args: {} }, catalog).risk).toBe('moderate');
    expect(classifyToolCall({ tool: 'delete_device', args: { id: 1 } }, catalog).risk).toBe('dangerous');
    const declared = classifyToolCall({ tool: 'search', args: {} }, catalog);
    expect(declared.risk).toBe('read');
    expect(declared.rule).toBe('http.declared-effect');
    expect(classifyToolCall({ tool: 'weird', args: {} }, catalog).risk).toBe('unknown');
  });

  test('MCP annotations can raise local policy but never lower it; missing ones mean destructive', () => {
    expect(classifyToolCall({ tool: 'mcp_readonly_claim', args: {} }, catalog).risk).toBe('unknown');
    expect(classifyToolCall({ tool: 'mcp_trusted_read', args: {} }, catalog).risk).toBe('read');
    expect(classifyToolCall({ tool: 'mcp_says_destructive', args: {} }, catalog).risk).toBe('dangerous');
    expect(classifyToolCall({ tool: 'mcp_nondestructive', args: {} }, catalog).risk).toBe('moderate');
    const bare = classifyToolCall({ tool: 'mcp_bare', args: {} }, catalog);
    expect(bare.risk).toBe('dangerous');
    expect(bare.rule).toBe('mcp.annotations');
  });

  test('an unknown tool is unknown, also for prototype keys', () => {
    for (const tool of ['nope', '__proto__', 'constructor', 'toString']) {
      const r = classifyToolCall({ tool, args: {} }, catalog);
      expect(r.risk).toBe('unknown');
      expect(r.rule).toBe('tool.unknown');
    }
  });

  test('a Map catalog works like an object catalog', () => {
    const m = new Map(Object.entries(catalog));
    expect(classifyToolCall({ tool: 'delete_device', args: {} }, m).risk).toBe('dangerous');
  });

  test('per-tool overrides raise or lower and are named', () => {
    const lowered = classifyToolCall({ tool: 'create_ticket', args: {} }, catalog, {
      overrides: [{ id: 'tickets-ok', tool: 'create_ticket', risk: 'read' }],
    });
    expect(lowered.risk).toBe('read');
    expect(lowered.rule).toBe('override:tickets-ok');
    const raised = classifyToolCall({ tool: 'list_devices', args: {} }, catalog, {
      overrides: [{ id: 'audit-lists', tool: 'list_devices', risk: 'moderate' }],
    });
    expect(raised.risk).toBe('moderate');
    expect(raised.rule).toBe('override:audit-lists');
  });

  test.each([
    ['null call', null, catalog, 'CLASSIFIER_BAD_TOOL_CALL'],
    ['tool not a string', { tool: 1, args: {} }, catalog, 'CLASSIFIER_BAD_TOOL_CALL'],
    ['null catalog', { tool: 'x', args: {} }, null, 'CLASSIFIER_BAD_CATALOG'],
  ])('invalid input (%s) throws UsageError %s', (_n, call, cat, code) => {
    expect(() => classifyToolCall(call as never, cat as never)).toThrow();
    try {
      classifyToolCall(call as never, cat as never);
    } catch (e) {
      expect(isAirlockError(e, code)).toBe(true);
    }
  });

  test('a catalog entry with a bad vendor or kind is unknown, not an exception', () => {
    const bad = {
      a: { kind: 'command', vendor: 'vax', commandArg: 'c' },
      b: { kind: 'ftp' },
    } as unknown as ToolCatalog;
    expect(classifyToolCall({ tool: 'a', args: { c: 'ls' } }, bad).risk).toBe('unknown');
    expect(classifyToolCall({ tool: 'b', args: {} }, bad).risk).toBe('unknown');
  });
});
