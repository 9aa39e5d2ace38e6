/**
 * Multi-line private key blocks: PEM (`-----BEGIN … PRIVATE KEY-----`, OpenSSH, PGP) and PuTTY `.ppk`
 * private lines. Found with `indexOf`, not regex, so an unterminated block costs one linear scan and is
 * redacted to the end of the text (fail closed). Certificates and public keys stay.
 */
import { type AnchorHits, type AnchorSpec, anchors, type Candidates, Cursor, GROUP } from './anchor-hits.js';
import type { Span } from './span.js';

const BEGIN = '-----BEGIN ';
const DASHES = '-----';

function isPrivateLabel(label: string): boolean {
  return /PRIVATE KEY/.test(label);
}

/** Key block markers, exact: the PEM header and a PuTTY `Private-Lines:` line. */
export const BLOCK_ANCHORS: readonly AnchorSpec[] = [
  ...anchors(GROUP.pem, 0, [BEGIN], { exact: true }),
  ...anchors(GROUP.putty, 0, ['Private-Lines:'], { exact: true }),
];

/** A base64 body line (also JSON-escaped, or quoted in YAML or code), or blank. */
const BODY_LINE = /^[ \t]*[A-Za-z0-9+/=\\]*[ \t"',;]*\r?$/;
/** An armor header before the body: "Proc-Type: 4,ENCRYPTED", "Version: GnuPG v2". */
const HEADER_LINE = /^[ \t]*[A-Za-z][A-Za-z0-9-]{0,40}: /;

/**
 * Where the body of a block without its footer ends (`grep -A3`, `head`, a truncated paste): before the
 * first line that cannot be key material, such as a prompt or the next setting; else at the end.
 */
function unterminatedBodyEnd(text: string, bodyStart: number): number {
  let lineStart = text.indexOf('\n', bodyStart);
  if (lineStart < 0) return text.length;
  lineStart++;
  let body = false;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (BODY_LINE.test(line)) body ||= line.trim().length > 0;
    else if (body || !HEADER_LINE.test(line)) return lineStart - 1;
    lineStart = lineEnd + 1;
  }
  return text.length;
}

/** Appends the body of every private key block (header and footer lines stay visible). */
export function findBlocks(text: string, out: Span[], hits: AnchorHits): void {
  const begins = new Cursor(hits.of(GROUP.pem));
  let i = begins.next(0);
  while (i >= 0) {
    const labelStart = i + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    if (labelEnd < 0 || labelEnd - labelStart > 64) {
      i = begins.next(labelStart);
      continue;
    }
    const label = text.slice(labelStart, labelEnd);
    const bodyStart = labelEnd + DASHES.length;
    if (!isPrivateLabel(label)) {
      i = begins.next(bodyStart);
      continue;
    }
    const footer = `-----END ${label}-----`;
    const end = text.indexOf(footer, bodyStart);
    const bodyEnd = end < 0 ? unterminatedBodyEnd(text, bodyStart) : end;
    if (bodyEnd > bodyStart)
      out.push({ start: bodyStart, end: bodyEnd, kind: 'PRIVATEKEY', detector: 'pem' });
    // Without a footer the text after the body may hold further blocks.
    i = begins.next(end < 0 ? Math.max(bodyEnd, bodyStart) : end + footer.length);
  }
  const putty = hits.of(GROUP.putty);
  if (putty.length > 0) findPutty(text, putty, out);
}

// PuTTY markers count only at the start of a line, as in a real .ppk file.
const PUTTY_PRIVATE = 'Private-Lines:';
const PUTTY_MAC = 'Private-MAC:';

/** Index of the first line at or after `from` that starts with `word`, or -1. */
function lineStartingWith(text: string, word: string, from: number): number {
  if (from === 0 && text.startsWith(word)) return 0;
  const i = text.indexOf(`\n${word}`, Math.max(0, from - 1));
  return i < 0 ? -1 : i + 1;
}

function findPutty(text: string, candidates: Candidates, out: Span[]): void {
  // The first `Private-Lines:` that starts a line, at or after `from` (which only rises).
  let k = 0;
  const { starts, length } = candidates;
  const nextPrivateLines = (from: number): number => {
    for (; k < length; k++) {
      const at = starts[k]!;
      if (at >= from && (at === 0 || text.charCodeAt(at - 1) === 10)) return at;
    }
    return -1;
  };
  let i = nextPrivateLines(0);
  while (i >= 0) {
    const lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) return; // the private lines have not started
    const mac = lineStartingWith(text, PUTTY_MAC, lineEnd);
    const end = mac < 0 ? text.length : mac;
    if (end > lineEnd + 1) out.push({ start: lineEnd + 1, end, kind: 'PRIVATEKEY', detector: 'putty' });
    if (mac < 0) return;
    i = nextPrivateLines(mac);
  }
}

/**
 * For streams: the offset where a private key block opens and has not closed yet, or -1. The stream
 * holds text back from there until the footer arrives (or its cap is reached).
 */
export function openBlockStart(text: string): number {
  let open = -1;
  let i = text.indexOf(BEGIN);
  while (i >= 0) {
    const labelStart = i + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    if (labelEnd < 0) {
      // The header line itself may still be arriving.
      const rest = text.slice(labelStart);
      if (rest.length < 64 && !rest.includes('\n')) {
        open = i;
        break;
      }
      i = text.indexOf(BEGIN, labelStart);
      continue;
    }
    const label = text.slice(labelStart, labelEnd);
    if (!isPrivateLabel(label)) {
      i = text.indexOf(BEGIN, labelEnd);
      continue;
    }
    const footer = `-----END ${label}-----`;
    const end = text.indexOf(footer, labelEnd);
    if (end < 0) {
      open = i;
      break;
    }
    i = text.indexOf(BEGIN, end + footer.length);
  }
  for (let p = lineStartingWith(text, PUTTY_PRIVATE, 0); p >= 0; ) {
    const lineEnd = text.indexOf('\n', p);
    const mac = lineEnd < 0 ? -1 : lineStartingWith(text, PUTTY_MAC, lineEnd);
    if (mac < 0) return open < 0 ? p : Math.min(open, p);
    p = lineStartingWith(text, PUTTY_PRIVATE, mac);
  }
  return open;
}
