/**
 * `classifyToolCall`: any tool call, through a catalog the operator controls. Command tools go through
 * `classifyCommand`; HTTP endpoints use their declared effect or their method; MCP tools use local
 * policy, raised (never lowered) by the server's untrusted annotations, whose absence means the MCP
 * defaults (not read-only, destructive).
 */
import { UsageError } from '../errors.js';
import { classifyCompiled, finish, toVendor } from './classify-command.js';
import { compileOverrides, type RiskOverride } from './overrides.js';
import { higherRisk, isRisk, type Risk } from './risk.js';
import type { Classification, Vendor } from './types.js';
import { Verdicts } from './verdicts.js';

/** A tool call as an agent proposes it. */
export interface ToolCall {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A tool that runs a device or shell command held in one argument. */
export interface CommandToolEntry {
  readonly kind: 'command';
  readonly vendor: Vendor;
  /** Name of the argument holding the command text. */
  readonly commandArg: string;
}

/** An HTTP connector endpoint. */
export interface HttpToolEntry {
  readonly kind: 'http';
  readonly method: string;
  readonly path: string;
  /** Declared by the operator; when absent the method decides (GET read, POST/PUT/PATCH moderate, DELETE dangerous). */
  readonly effect?: Risk;
}

/** MCP tool annotations as a server reports them (untrusted hints). */
export interface McpAnnotations {
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** A tool served over MCP. */
export interface McpToolEntry {
  readonly kind: 'mcp';
  readonly annotations?: McpAnnotations;
  /** The operator's own verdict; default unknown. Annotations can only raise it. */
  readonly localRisk?: Risk;
}

export type ToolCatalogEntry = CommandToolEntry | HttpToolEntry | McpToolEntry;

/** Tool name → entry. A plain object or a Map. */
export type ToolCatalog = Readonly<Record<string, ToolCatalogEntry>> | ReadonlyMap<string, ToolCatalogEntry>;

/** Options of `classifyToolCall`. */
export interface ClassifyToolOptions {
  readonly overrides?: readonly RiskOverride[] | undefined;
}

function lookup(catalog: ToolCatalog, tool: string): ToolCatalogEntry | undefined {
  if (catalog instanceof Map) return catalog.get(tool);
  const rec = catalog as Readonly<Record<string, ToolCatalogEntry>>;
  return Object.hasOwn(rec, tool) ? rec[tool] : undefined;
}

/**
 * Classifies a tool call through the catalog. Unknown tools are unknown.
 * @example
 * classifyToolCall({ tool: 'ssh_exec', args: { command: 'show version' } },
 *   { ssh_exec: { kind: 'command', vendor: 'ios', commandArg: 'command' } }).risk // 'read'
 */
export function classifyToolCall(
  call: ToolCall,
  catalog: ToolCatalog,
  options: ClassifyToolOptions = {},
): Classification {
  if (typeof call !== 'object' || call === null || typeof call.tool !== 'string') {
    throw new UsageError(
      'CLASSIFIER_BAD_TOOL_CALL',
      `"call.tool" expected a string, got ${call === null || typeof call !== 'object' ? String(call === null ? 'null' : typeof call) : typeof call.tool}`,
    );
  }
  if (typeof catalog !== 'object' || catalog === null)
    throw new UsageError(
      'CLASSIFIER_BAD_CATALOG',
      `"catalog" expected an object or Map, got ${catalog === null ? 'null' : typeof catalog}`,
    );
  const overrides = options.overrides === undefined ? [] : compileOverrides(options.overrides);
  const args = typeof call.args === 'object' && call.args !== null ? call.args : {};
  const entry = lookup(catalog, call.tool);
  const out = new Verdicts();
  const name = call.tool.length > 100 ? `${call.tool.slice(0, 100)}…` : call.tool;
  if (!entry || typeof entry !== 'object') {
    out.add(name, 'unknown', 'tool.unknown', 'tool is not in the catalog');
    return finish(out.segments, overrides, undefined, call.tool, name);
  }
  switch (entry.kind) {
    case 'command': {
      let vendor: Vendor;
      try {
        vendor = toVendor(entry.vendor);
      } catch {
        out.add(name, 'unknown', 'tool.bad-entry', 'catalog entry has an unknown vendor');
        return finish(out.segments, overrides, undefined, call.tool, name);
      }
      const cmd = Object.hasOwn(args, entry.commandArg) ? args[entry.commandArg] : undefined;
      if (typeof cmd !== 'string') {
        out.add(name, 'unknown', 'tool.command-missing', `argument "${entry.commandArg}" is not a string`);
        return finish(out.segments, overrides, vendor, call.tool, name);
      }
      return classifyCompiled(cmd, vendor, overrides, call.tool);
    }
    case 'http': {
      const method = typeof entry.method === 'string' ? entry.method.toUpperCase() : '';
      let risk: Risk;
      let rule: string;
      if (entry.effect !== undefined) {
        risk = isRisk(entry.effect) ? entry.effect : 'unknown';
        rule = 'http.declared-effect';
      } else {
        risk = /^(GET|HEAD|OPTIONS)$/.test(method)
          ? 'read'
          : /^(POST|PUT|PATCH)$/.test(method)
            ? 'moderate'
            : method === 'DELETE'
              ? 'dangerous'
              : 'unknown';
        rule = `http.method.${method.toLowerCase() || 'none'}`;
      }
      const text = `${method} ${String(entry.path).slice(0, 200)}`;
      out.add(
        text,
        risk,
        rule,
        entry.effect !== undefined ? 'effect declared in the catalog' : `${method || 'unknown'} method`,
      );
      return finish(out.segments, overrides, undefined, call.tool, text);
    }
    case 'mcp': {
      const local: Risk = isRisk(entry.localRisk) ? entry.localRisk : 'unknown';
      const a = entry.annotations ?? {};
      // MCP defaults: readOnlyHint false, destructiveHint true. Hints are untrusted: they only raise.
      const hinted: Risk =
        a.readOnlyHint === true ? 'read' : a.destructiveHint === false ? 'moderate' : 'dangerous';
      const risk = higherRisk(local, hinted);
      out.add(
        name,
        local,
        'mcp.local-policy',
        entry.localRisk !== undefined ? 'risk declared by local policy' : 'no local policy: unknown',
      );
      if (risk !== local)
        out.add(
          name,
          hinted,
          'mcp.annotations',
          entry.annotations
            ? 'server annotations say it may modify or destroy'
            : 'no annotations: MCP defaults (not read-only, destructive)',
        );
      return finish(out.segments, overrides, undefined, call.tool, name);
    }
    default:
      out.add(name, 'unknown', 'tool.bad-entry', 'catalog entry has an unknown kind');
      return finish(out.segments, overrides, undefined, call.tool, name);
  }
}
