/**
 * Shapes shared by the classifier: vendor ids, per-segment verdicts and the overall result. Every
 * verdict names the rule that produced it so that a human can see why a command was gated.
 */
import type { Risk } from './risk.js';

/** Supported command dialects. */
export type Vendor = 'routeros' | 'ios' | 'nxos' | 'junos' | 'eos' | 'fortios' | 'panos' | 'linux';

/** Every supported vendor id. */
export const VENDORS: readonly Vendor[] = Object.freeze([
  'routeros',
  'ios',
  'nxos',
  'junos',
  'eos',
  'fortios',
  'panos',
  'linux',
]);

/** One classified part of the input (a line, a pipeline stage, a nested command…). */
export interface Segment {
  /** The part of the (normalised) input this verdict is about. */
  readonly text: string;
  readonly risk: Risk;
  /** Stable id of the rule that decided, e.g. `ios.show`, `linux.rm.recursive`, `override:my-rule`. */
  readonly rule: string;
}

/** The verdict on a whole command or tool call. */
export interface Classification {
  /** The riskiest segment's risk (or the override's). */
  readonly risk: Risk;
  /** Human-readable reasons, riskiest first. Never contains secret values beyond what the input held. */
  readonly reasons: string[];
  readonly segments: Segment[];
  /** The rule that decided the overall risk. */
  readonly rule?: string;
}
