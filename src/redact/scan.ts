/**
 * The detection pipeline shared by `redact` and streams: runs every enabled detector over a text, merges
 * overlapping spans (a union is always at least as safe as its parts) and cuts placeholders out of spans,
 * so redacting an already-redacted text changes nothing.
 */
import { GROUP } from './anchor-hits.js';
import type { AnchorScanner } from './anchors.js';
import { type AssignmentOptions, findAssignments } from './assignments.js';
import { findBlocks } from './blocks.js';
import { detached } from './chars.js';
import { isAsciiWordUnit, prefixIndex } from './dfa-wasm.js';
import type { KnownValues } from './known-values.js';
import { findPatterns } from './patterns.js';
import { PLACEHOLDER_PATTERN } from './placeholder.js';
import { prefixCandidates } from './rolling.js';
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
  const repeats = config.detectors.repeats ? findRepeats(text, merged, state.found, state.lasting) : [];
  if (repeats.length > 0) merged = mergeSpans([...merged, ...repeats]);
  if (merged.length === 0) return merged;
  return hits.of(GROUP.placeholder).length > 0 ? subtractPlaceholders(text, merged) : merged;
}

/** Shortest found value that is looked for again elsewhere (the rolling hash covers eight units). */
const REPEAT_MIN = 8;
/**
 * Longest value looked for again: longer ones (key material, JWTs) have detectors of their own, and a
 * bound keeps checking candidates linear on adversarial text.
 */
const REPEAT_MAX = 128;
/** Values a stream remembers (the most recent first found ones). */
const REPEAT_MEMORY = 256;

/**
 * Where a found value occurs again later in the text, or a value found earlier in the stream occurs in
 * this part: "PrivateKey = X" in a config, then X alone in the output of "wg show". Only later
 * occurrences, so a whole text and the same text streamed agree. Values shorter than `REPEAT_MIN`, or
 * made of one class of characters (a word, a number), are not looked for: they occur by chance.
 */
function findRepeats(
  text: string,
  merged: readonly Span[],
  found: Map<string, string>,
  lasting: boolean,
): Span[] {
  // Each value with the offset from which it is looked for.
  const wanted: Array<{ value: string; kind: string; from: number }> = [];
  for (const [value, kind] of found) wanted.push({ value, kind, from: 0 });
  for (const s of merged) {
    const length = s.end - s.start;
    if (s.detector === 'known' || length < REPEAT_MIN || length > REPEAT_MAX) continue;
    const value = text.slice(s.start, s.end);
    if (found.has(value) || !isMixed(value)) continue;
    if (found.size >= REPEAT_MEMORY) found.delete(found.keys().next().value!);
    found.set(lasting ? detached(value) : value, s.kind);
    wanted.push({ value, kind: s.kind, from: s.end });
  }
  if (wanted.length === 0) return [];
  const byIndex = new Map<number, Array<{ value: string; kind: string; from: number }>>();
  for (const w of wanted) {
    const ix = prefixIndex(w.value, 0);
    const list = byIndex.get(ix);
    if (list === undefined) byIndex.set(ix, [w]);
    else list.push(w);
  }
  const candidates = prefixCandidates(text, [...byIndex.keys()]);
  const out: Span[] = [];
  let last = -1;
  // Found spans, walked along with the ascending candidates: a candidate inside one is found already.
  let covered = 0;
  for (const p of candidates) {
    // (Candidates start tokens.)
    if (p < last) continue;
    while (covered < merged.length && merged[covered]!.end <= p) covered++;
    if (covered < merged.length && merged[covered]!.start <= p) continue;
    const list = byIndex.get(prefixIndex(text, p));
    if (list === undefined) continue;
    for (const w of list) {
      const end = p + w.value.length;
      if (p < w.from || !text.startsWith(w.value, p)) continue;
      if (isAsciiWordUnit(text.charCodeAt(end))) continue;
      out.push({ start: p, end, kind: w.kind, detector: 'repeat' });
      last = end;
      break;
    }
  }
  if (out.length === 0) return out;
  // Occurrences inside a span already found stay part of it.
  return out.filter((r) => !overlapsAny(merged, r));
}

/** True when `value` mixes classes: letters and digits, or either with other characters. */
function isMixed(value: string): boolean {
  let letters = false;
  let digits = false;
  let other = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters = true;
    else if (c >= 48 && c <= 57) digits = true;
    else other = true;
  }
  return (letters ? 1 : 0) + (digits ? 1 : 0) + (other ? 1 : 0) >= 2;
}

/** True when `r` overlaps a span of `sorted` (disjoint, by start). */
function overlapsAny(sorted: readonly Span[], r: Span): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= r.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.start < r.end;
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
