/**
 * Known values: secrets the caller registered (e.g. from the vault) are found wherever they appear, also
 * base64 (standard and URL-safe, at any byte alignment inside a longer blob), URL-encoded and hex. One
 * combined, escaped alternation regex, longest alternatives first; rebuilt lazily after registration.
 */
import type { Candidates } from './anchor-hits.js';
import type { Span } from './span.js';

interface KnownValue {
  readonly kind: string;
  readonly name: string | undefined;
}

const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;
/** Shortest encoded form searched: shorter fragments would match unrelated text. */
const MIN_VARIANT = 4;
const MIN_BASE64_CORE = 8;

/** Every searchable form of a value: raw, base64 (+ inner cores), URL-encoded, hex. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value]);
  const std = bytes.toString('base64');
  forms.add(std);
  forms.add(std.replace(/=+$/, ''));
  forms.add(bytes.toString('base64url'));
  for (let offset = 0; offset < 3; offset++) {
    // Inside a longer base64 blob the value starts at some byte offset mod 3; only the characters whose
    // six bits all come from the value are stable, whatever surrounds it.
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const enc = padded.toString('base64');
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6) - 1;
    const core = enc.slice(first, last + 1);
    if (core.length >= MIN_BASE64_CORE) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  const url = encodeURIComponent(value);
  forms.add(url);
  forms.add(url.replace(/%20/g, '+'));
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  return [...forms].filter((f) => f.length >= MIN_VARIANT);
}

/** Finds registered values and their encodings in linear passes of one combined regex. */
export class KnownValues {
  readonly #values = new Map<string, KnownValue>();
  /** encoded form -> the raw value it encodes. */
  readonly #forms = new Map<string, string>();
  #regex: RegExp | undefined;
  /** Forms, longest first: the regex's alternation order and the anchor scanner's tags. */
  #sorted: string[] | undefined;
  #maxLength = 0;
  #version = 0;

  /** Changes on every `add`, so an automaton built over `forms()` knows when it is stale. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#values.size;
  }

  /** Longest searchable form, in UTF-16 units: streams hold back this much minus one. */
  get maxLength(): number {
    return this.#maxLength;
  }

  add(value: string, kind: string, name: string | undefined): void {
    if (!this.#values.has(value)) this.#values.set(value, { kind, name });
    for (const form of encodedForms(value)) {
      if (!this.#forms.has(form)) this.#forms.set(form, value);
      if (form.length > this.#maxLength) this.#maxLength = form.length;
    }
    this.#regex = undefined;
    this.#sorted = undefined;
    this.#version++;
  }

  /** Every searchable form, longest first (tag `i` of the anchor scanner is `forms()[i]`). */
  forms(): readonly string[] {
    this.#sorted ??= [...this.#forms.keys()].sort((a, b) => b.length - a.length);
    return this.#sorted;
  }

  /**
   * Appends the same spans as `find`, from the scanner's hits (offsets where a form's first units occur,
   * sorted by offset, then longest form first): each is confirmed, then leftmost first, the longest form
   * at an offset, on from its end, as the regex alternation (longest first) matches.
   */
  findCandidates(text: string, candidates: Candidates, out: Span[]): void {
    const forms = this.forms();
    const { starts, tags, length } = candidates;
    let last = 0;
    for (let i = 0; i < length; i++) {
      const start = starts[i]!;
      if (start < last) continue;
      const form = forms[tags[i]!]!;
      if (!text.startsWith(form, start)) continue;
      last = start + form.length;
      const info = this.#values.get(this.#forms.get(form)!)!;
      out.push({ start, end: last, kind: info.kind, detector: 'known', name: info.name });
    }
  }

  /** Appends the spans of every occurrence (the value redacted is the text as it appears). */
  find(text: string, out: Span[]): void {
    if (this.#forms.size === 0) return;
    const re = this.#compile();
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const raw = this.#forms.get(m[0])!;
      const info = this.#values.get(raw)!;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        kind: info.kind,
        detector: 'known',
        name: info.name,
      });
    }
  }

  #compile(): RegExp {
    if (this.#regex === undefined) {
      this.#regex = new RegExp(
        this.forms()
          .map((f) => f.replace(ESCAPE, '\\$&'))
          .join('|'),
        'g',
      );
    }
    return this.#regex;
  }
}
