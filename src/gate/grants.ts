/**
 * "Allow similar for this run" grants: an operator's standing permission for the same tool on the
 * same target with the same credentials and the same other arguments, up to the risk of the action
 * they approved, and for a command matching the pattern they gave (or the very same command when
 * they gave none). Grants never cover a dangerous action,
 * are listed by `gate.grants()`, audited when made, used and revoked, and do not survive a restore.
 */

import { canonicalJson } from '../internal/canonical-json.js';
import type { CommandPattern } from '../trust/pattern.js';
import { type Risk, riskRank } from '../trust/types.js';
import type { Action } from './action.js';

/**
 * A standing permission for similar actions in this run.
 * @example
 * for (const g of gate.grants()) console.log(g.grantId, g.tool, g.target, g.maxRisk, g.uses)
 */
export interface Grant {
  readonly grantId: string;
  readonly tool: string;
  readonly target: string | undefined;
  /** The credentials it covers, by reference: exactly these, no more and no fewer. */
  readonly credentialRefs: readonly string[];
  /** The most risky class it covers (never `dangerous`). */
  readonly maxRisk: Risk;
  /** The command pattern it covers; `exactCommand` when the operator gave no pattern. */
  readonly commandPattern: string | undefined;
  readonly exactCommand: string | undefined;
  readonly sourceApprovalId: string;
  readonly grantedBy: string;
  readonly grantedAt: string;
  uses: number;
}

/** Internal form with the compiled pattern. */
export interface ActiveGrant extends Grant {
  readonly pattern: CommandPattern | undefined;
  /** Canonical JSON of the approved action's arguments other than `command`. */
  readonly otherArgs: string;
}

/**
 * Canonical JSON of an action's arguments without `command`: what must stay equal for "similar".
 * @example
 * otherArgsOf({ tool: 'ssh', args: { command: 'x', timeout: 5 } }) // '{"timeout":5}'
 */
export function otherArgsOf(action: Action): string {
  const { command: _command, ...rest } = action.args;
  return canonicalJson(rest);
}

/**
 * True when `grant` covers `action` classified as `risk`.
 * @example
 * grantCovers(grant, action, 'moderate')
 */
export function grantCovers(grant: ActiveGrant, action: Action, risk: Risk): boolean {
  if (risk === 'dangerous' || riskRank(risk) > riskRank(grant.maxRisk)) return false;
  if (action.tool !== grant.tool || action.target !== grant.target) return false;
  // A different credential (say, an enable secret instead of a read-only login) is not "similar".
  if (canonicalJson(action.credentialRefs ?? []) !== canonicalJson(grant.credentialRefs)) return false;
  if (otherArgsOf(action) !== grant.otherArgs) return false;
  const command = action.args.command;
  if (grant.pattern) return typeof command === 'string' && grant.pattern.test(command) === true;
  // Without a pattern, "similar" means the very same command (the gate refuses grants without one).
  return grant.exactCommand !== undefined && command === grant.exactCommand;
}
