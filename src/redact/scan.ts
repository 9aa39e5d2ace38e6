/**
 * The detection pipeline shared by `redact` and streams: runs every enabled detector over a text, merges
 * overlapping spans (a union is always at least as safe as its parts) and cuts placeholders out of spans,
 * so redacting an already-redacted text changes nothing.
 */
import { GROUP } from './anchor-hits.js';
import type { AnchorScanner } from './anchors.js';
import { type AssignmentOptions, findAssignments } from './assignments.js';
import { findBlocks } from './blocks.js';
import type { KnownValues } from './known-values.js';
import { findPatterns } from './patterns.js';
import { PLACEHOLDER_PATTERN } from './placeholder.js';
import { findRepeats } from './repeats.js';
import { findSections, type SectionState } from './sections.js';
import type { Span } from './span.js';

/** Detector families that can be switched off (all on by default; known values always run). */
export interface DetectorSwitches {
  /** PEM / OpenSSH / PGP / PuTTY private key blocks. */
  readonly blocks?: boolean;
  /** Shape-based: provider tokens, JWTs, crypt hashes, URL credentials, headers, SNMP lines. */
  readonly patterns?: boolean;
  /** Secret-like parameter names and their values, in every vendor syntax. */
  readonly assignments?: boolean;
  /** Section-scoped SNMP community names (RouterOS, FortiOS). */
  readonly sections?: boolean;
  /**
   * A value found once is redacted again wherever it recurs later in the text or stream ("PrivateKey =
   * X" in a config, then X alone in command output). Costs a second pass over the text.
   */
  readonly repeats?: boolean;
}

export interface ScanConfig {
  readonly known: KnownValues;
  /** Finds every detector's anchors (and the registered values) in one pass. */
  readonly anchors: AnchorScanner;
  readonly detectors: Required<DetectorSwitches>;
  /** The assignment detector's threshold and this redactor's name memory. */
  readonly assignments: AssignmentOptions;
}

/** Returns disjoint, sorted spans to replace in `text`. */
export function scan(text: string, config: ScanConfig, state: SectionState): Span[] {
  const raw: Span[] = [];
  const hits = config.anchors.scan(text);
  if (hits.knownIncluded) config.known.findCandidates(text, hits.of(GROUP.known), raw);
  else config.known.find(text, raw);
  if (config.detectors.blocks) findBlocks(text, raw, hits);
  if (config.detectors.patterns) findPatterns(text, raw, hits);
  if (config.detectors.assignments) findAssignments(text, config.assignments, raw, hits);
  if (config.detectors.sections) findSections(text, state, raw, hits);
  let merged = raw.length === 0 ? raw : mergeSpans(raw);
  const repeats = config.detectors.repeats ? findRepeats(text, merged, state.found) : [];
  if (repeats.length > 0) merged = mergeSpans([...merged, ...repeats]);
  if (merged.length === 0) return merged;
  return hits.of(GROUP.placeholder).length > 0 ? subtractPlaceholders(text, merged) : merged;
}

/** Sorts and merges overlapping spans (a union is always at least as safe as its parts). */
function mergeSpans(raw: Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of sortSpans(raw)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start < last.end) {
      if (s.end > last.end) {
        // Prefer the kind of the larger part; known values keep their registered name.
        if (s.end - s.start > last.end - last.start && last.detector !== 'known') {
          last.kind = s.kind;
          last.detector = s.detector;
        }
        last.end = s.end;
      }
      continue;
    }
    // Spans are fresh objects owned by this scan: merging may change them in place.
    merged.push(s);
  }
  return merged;
}

/** True when `a` sorts strictly before `b`: by start, then the longer first. */
function before(a: Span, b: Span): boolean {
  return a.start < b.start || (a.start === b.start && a.end > b.end);
}

/**
 * Stable sort by start, longer first. Each detector appends its spans in order, so the input is a few
 * sorted runs (one per detector, most of them short): they are found, then the adjacent pair with the
 * fewest spans is merged until one run is left. Merging only neighbours keeps equal spans in detector
 * order, exactly as a stable `Array.prototype.sort` would; merging the small ones first means the
 * large runs are copied about once.
 */
function sortSpans(spans: Span[]): Span[] {
  const runs: Span[][] = [];
  let run: Span[] = [spans[0]!];
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i]!;
    if (before(s, spans[i - 1]!)) {
      runs.push(run);
      run = [];
    }
    run.push(s);
  }
  if (runs.length === 0) return run;
  runs.push(run);
  while (runs.length > 1) {
    let pick = 0;
    for (let r = 1; r + 1 < runs.length; r++) {
      if (runs[r]!.length + runs[r + 1]!.length < runs[pick]!.length + runs[pick + 1]!.length) pick = r;
    }
    runs.splice(pick, 2, mergeRuns(runs[pick]!, runs[pick + 1]!));
  }
  return runs[0]!;
}

function mergeRuns(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(before(b[j]!, a[i]!) ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

function subtractPlaceholders(text: string, spans: Span[]): Span[] {
  const holes: Array<[number, number]> = [];
  PLACEHOLDER_PATTERN.lastIndex = 0;
  for (let m = PLACEHOLDER_PATTERN.exec(text); m !== null; m = PLACEHOLDER_PATTERN.exec(text)) {
    holes.push([m.index, m.index + m[0].length]);
  }
  if (holes.length === 0) return spans;
  const out: Span[] = [];
  let h = 0;
  for (const s of spans) {
    while (h < holes.length && holes[h]![1] <= s.start) h++;
    // A detector value that touches a placeholder was already redacted (the placeholder changed what a
    // greedy detector sees around it): it is not redacted again, which keeps redaction idempotent.
    // Known values are exact strings, so only the parts outside placeholders are kept.
    if (s.detector !== 'known' && h < holes.length && holes[h]![0] < s.end) continue;
    let cursor = s.start;
    let k = h;
    while (k < holes.length && holes[k]![0] < s.end) {
      const [hs, he] = holes[k]!;
      if (hs > cursor) pushFragment(text, { ...s, start: cursor, end: hs }, out);
      cursor = Math.max(cursor, he);
      k++;
    }
    if (cursor < s.end) pushFragment(text, { ...s, start: cursor, end: s.end }, out);
  }
  return out;
}

function pushFragment(text: string, s: Span, out: Span[]): void {
  // Quotes and blanks left between placeholders are syntax, not secret material.
  if (/[^\s"'`]/.test(text.slice(s.start, s.end))) out.push(s);
}
