/**
 * Action binding: an approval is bound to the SHA-256 of the RFC 8785 canonical JSON of the exact
 * action (tool, target, arguments, credential references), under a domain tag and a version, so a
 * hash made for an approval can never collide with a hash made for anything else Airlock hashes.
 */
import { describeValue, UsageError } from '../errors.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { sha256Hex } from '../internal/hash.js';
import type { ToolCall } from '../trust/types.js';

/**
 * An action as the gate binds it: the tool call the executor will run.
 * @example
 * const a: Action = { tool: 'ssh', target: 'r1', args: { command: 'show version' } }
 */
export type Action = ToolCall;

/**
 * Version of the action-hash input format; bumping it invalidates every outstanding approval.
 * @example
 * hashAction(a) // covers { domain: 'airlock.gate.action', v: ACTION_HASH_VERSION, … }
 */
export const ACTION_HASH_VERSION = 1 as const;
const DOMAIN = 'airlock.gate.action';

/**
 * Validates an action and returns a deep, frozen copy in canonical form (credential references
 * sorted and deduplicated), so later mutation of the caller's object cannot change what was approved.
 * Throws `ACTION_INVALID` naming the field and the type that came, never the value.
 * @example
 * const a = normalizeAction({ tool: 'ssh', target: 'r1', args: { command: 'show ver' } })
 */
export function normalizeAction(action: unknown): Action {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) {
    throw invalid('action', 'an object', action);
  }
  const { tool, target, args, credentialRefs, ...rest } = action as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined)
    throw new UsageError('ACTION_INVALID', `"action" has an unexpected field "${extra}"`);
  if (typeof tool !== 'string' || tool.length === 0 || tool.length > 256) {
    throw invalid('action.tool', 'a string of 1..256 characters', tool);
  }
  if (target !== undefined && (typeof target !== 'string' || target.length > 512)) {
    throw invalid('action.target', 'a string of at most 512 characters', target);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw invalid('action.args', 'an object', args);
  }
  let refs: string[] = [];
  if (credentialRefs !== undefined) {
    if (
      !Array.isArray(credentialRefs) ||
      credentialRefs.some((r) => typeof r !== 'string' || r.length === 0)
    ) {
      throw invalid('action.credentialRefs', 'an array of non-empty strings', credentialRefs);
    }
    refs = [...new Set(credentialRefs as string[])].sort();
  }
  // Round-trip through canonical JSON: rejects what JSON cannot carry and severs shared references.
  const cleanArgs = JSON.parse(canonicalJson(args)) as Record<string, unknown>;
  return deepFreeze({
    tool,
    ...(target === undefined ? {} : { target }),
    args: cleanArgs,
    ...(refs.length === 0 ? {} : { credentialRefs: refs }),
  });
}

/**
 * The binding hash of an action: `sha256:` + hex over the domain-tagged canonical JSON.
 * @example
 * hashAction({ tool: 'ssh', target: 'r1', args: { command: 'reload' } }) // 'sha256:…'
 */
export function hashAction(action: Action): string {
  const a = normalizeAction(action);
  return `sha256:${sha256Hex(
    canonicalJson({
      domain: DOMAIN,
      v: ACTION_HASH_VERSION,
      tool: a.tool,
      target: a.target ?? null,
      args: a.args,
      credentialRefs: a.credentialRefs ?? [],
    }),
  )}`;
}

function invalid(name: string, expected: string, got: unknown): UsageError {
  return new UsageError('ACTION_INVALID', `"${name}" expected ${expected}, got ${describeValue(got)}`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
