/**
 * Loads the operator's policy file (`--policy FILE`): JSON in `airlock/trust`'s format, validated and
 * compiled by `parsePolicy`. Without a file the empty policy applies (the trust level alone decides,
 * and dangerous commands always ask). Loading is recorded as `policy.changed` with the policy's hash.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from 'airlock';
import { EMPTY_POLICY, type Policy, parsePolicy } from 'airlock/trust';

/**
 * Reads and compiles a policy file; throws `ConfigError` (`POLICY_UNREADABLE`, `POLICY_INVALID`, …).
 * @example
 * const policy = loadPolicy('noc-policy.json') // { v: 1, rules: [{ id: 'fw', effect: 'allow', ... }] }
 */
export function loadPolicy(file: string | undefined): Policy {
  if (file === undefined) return EMPTY_POLICY;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError('POLICY_UNREADABLE', `cannot read ${file} as JSON (--policy)`, { cause });
  }
  return parsePolicy(document);
}
