/**
 * Streaming redaction for text that arrives in chunks (model output, SSH output). A secret split across
 * chunks anywhere is still caught: the stream emits only whole logical lines, holds back an open private
 * key block until its footer, and never cuts inside a possible known-value match. Buffering is bounded.
 */
import { describeValue, UsageError } from '../errors.js';
import { openBlockStart } from './blocks.js';
import { clearRegExpStatics } from './chars.js';
import { VALUE_ON_NEXT_LINE } from './patterns.js';
import type { Finding, RedactionResult } from './redactor.js';
import { initialSectionState, type SectionState } from './sections.js';
import type { Span } from './span.js';

export interface StreamOptions {
  /**
   * Most UTF-16 units held back (default 65 536). Past it the stream flushes at the last blank; if a
   * private key block or a line has no blank to cut at, the held part is emitted as one placeholder
   * of kind `OVERFLOW` (fail closed).
   */
  readonly maxHold?: number;
  /** Called with each finding; offsets are relative to the whole stream (input and output). */
  readonly onFinding?: (finding: Finding) => void;
}

/** A chunked redactor. `push` returns the text that is safe to release now; `end` flushes the rest. */
export interface RedactionStream {
  push(chunk: string): string;
  end(): string;
  /** Units currently held back. */
  readonly held: number;
}

/** @internal The redactor's hooks a stream needs. */
export interface StreamHost {
  redact(text: string, state: SectionState, base: number, outBase: number): RedactionResult;
  knownMaxLength(): number;
  findKnown(text: string, out: Span[]): void;
  placeholderFor(value: string, kind: string): string;
}

const SECRET_TAIL =
  /(?:pass|pwd|secret|psk|token|key|communit|credential|auth)[\w.-]*["']?[ \t]*(?:[=:][ \t]*)?["']?$/i;

/** Offset just after the last newline that ends a logical line (not a `\` continuation), or 0. */
function lastLineEnd(text: string, limit: number): number {
  let i = text.lastIndexOf('\n', limit - 1);
  while (i >= 0) {
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    const prevNonCr = prev === 13 && i > 1 ? text.charCodeAt(i - 2) : prev;
    if (prevNonCr !== 92) return i + 1;
    i = text.lastIndexOf('\n', i - 1);
  }
  return 0;
}

/** @internal Use `redactor.createStream()`. */
export function createRedactionStream(host: StreamHost, options: StreamOptions = {}): RedactionStream {
  const maxHold = options.maxHold ?? 65_536;
  const state = initialSectionState(true);
  let buffer = '';
  let inBase = 0;
  let outBase = 0;
  let ended = false;

  const emit = (part: string): string => {
    const r = host.redact(part, state, inBase, outBase);
    if (options.onFinding !== undefined) for (const f of r.findings) options.onFinding(f);
    inBase += part.length;
    outBase += r.text.length;
    return r.text;
  };

  const overflow = (part: string): string => {
    // Fail closed: a held part with no safe cut point is released only as one placeholder.
    const placeholder = host.placeholderFor(part, 'OVERFLOW');
    options.onFinding?.({
      kind: 'OVERFLOW',
      detector: 'stream-overflow',
      start: inBase,
      end: inBase + part.length,
      outputStart: outBase,
      outputEnd: outBase + placeholder.length,
      placeholder,
    });
    inBase += part.length;
    outBase += placeholder.length;
    return placeholder;
  };

  let overflowing = false;
  /** While an over-long key block continues, release it only as placeholders until a footer line. */
  const drainOverflow = (): string => {
    const footer = /-----END [A-Z0-9 ]{0,64}-----|(?:^|\n)Private-MAC:/.exec(buffer);
    if (footer === null) {
      // Keep a short tail in case the footer itself is split across chunks.
      const keep = Math.min(buffer.length, 96);
      const part = buffer.slice(0, buffer.length - keep);
      buffer = buffer.slice(part.length);
      return part.length > 0 ? overflow(part) : '';
    }
    overflowing = false;
    const part = buffer.slice(0, footer.index);
    buffer = buffer.slice(part.length);
    const released = part.length > 0 ? overflow(part) : '';
    const cut = safeCut();
    if (cut === 0) return released;
    const rest = emit(buffer.slice(0, cut));
    buffer = buffer.slice(cut);
    return released + rest;
  };

  const safeCut = (): number => {
    let cut = lastLineEnd(buffer, buffer.length);
    const max = host.knownMaxLength();
    if (max > 1) cut = lastLineEnd(buffer, Math.min(cut, buffer.length - (max - 1)) + 1);
    // Hold back from the line of the first open key block; moving the cut may open another block
    // whose footer was after it, so repeat until the prefix has none (the cut only moves left).
    while (cut > 0) {
      const open = openBlockStart(buffer.slice(0, cut));
      if (open < 0) break;
      cut = open === 0 ? 0 : buffer.lastIndexOf('\n', open - 1) + 1;
    }
    // "- name: DB_PASSWORD" waits for its "value:" line.
    if (cut > 0) {
      const last = buffer.lastIndexOf('\n', cut - 2) + 1;
      if (VALUE_ON_NEXT_LINE.test(buffer.slice(last, cut))) cut = last;
    }
    // A registered value spanning lines must not straddle the cut.
    if (cut > 0 && max > 1) {
      for (let guard = 0; guard < 64; guard++) {
        const from = Math.max(0, cut - max);
        const spans: Span[] = [];
        host.findKnown(buffer.slice(from, Math.min(buffer.length, cut + max)), spans);
        const hit = spans.find((s) => from + s.start < cut && from + s.end > cut);
        if (hit === undefined) break;
        cut = buffer.lastIndexOf('\n', from + hit.start - 1) + 1;
        if (cut === 0) break;
      }
    }
    return cut;
  };

  const push = (chunk: string): string => {
    if (ended) throw new UsageError('REDACT_STREAM_ENDED', 'push() after end()');
    if (typeof chunk !== 'string') {
      throw new UsageError('REDACT_BAD_INPUT', `"chunk" expected a string, got ${describeValue(chunk)}`);
    }
    buffer += chunk;
    let out = '';
    if (overflowing) {
      out += drainOverflow();
      if (overflowing) return out;
    }
    const cut = safeCut();
    if (cut > 0) {
      out += emit(buffer.slice(0, cut));
      buffer = buffer.slice(cut);
    }
    if (buffer.length > maxHold) {
      // No line end within the cap: cut at the last blank outside an open key block, else fail closed.
      const open = openBlockStart(buffer);
      let at = open >= 0 ? -1 : Math.max(buffer.lastIndexOf(' ', maxHold), buffer.lastIndexOf('\t', maxHold));
      if (at > 0 && SECRET_TAIL.test(buffer.slice(Math.max(0, at - 64), at))) at = -1;
      const part = at > 0 ? buffer.slice(0, at + 1) : buffer;
      out += at > 0 ? emit(part) : overflow(part);
      buffer = buffer.slice(part.length);
      // Inside a key block the rest of the block is secret too, until its footer arrives.
      if (open >= 0) overflowing = true;
    }
    return out;
  };
  const end = (): string => {
    if (ended) throw new UsageError('REDACT_STREAM_ENDED', 'end() called twice');
    ended = true;
    let out = overflowing ? drainOverflow() : '';
    if (overflowing && buffer.length > 0) {
      out += overflow(buffer);
      buffer = '';
    }
    out += buffer.length > 0 ? emit(buffer) : '';
    buffer = '';
    return out;
  };

  return {
    get held() {
      return buffer.length;
    },
    push(chunk: string): string {
      try {
        return push(chunk);
      } finally {
        clearRegExpStatics();
      }
    },
    end(): string {
      try {
        return end();
      } finally {
        clearRegExpStatics();
      }
    },
  };
}
