/**
 * The RouterOS API wire format (help.mikrotik.com "API"): a sentence is a list of words, each
 * prefixed by a variable-length length (1 to 5 bytes), ended by an empty word. The decoder is
 * incremental and bounded: a declared length past `maxWordBytes` is a protocol error, not an
 * allocation.
 */

/**
 * Encodes a word's length prefix.
 * @example
 * encodeLength(0x80) // Uint8Array [0x80, 0x80]
 */
export function encodeLength(len: number): Buffer {
  if (!Number.isInteger(len) || len < 0 || len > 0xffffffff) throw new RangeError('word length out of range');
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([(len >>> 8) | 0x80, len & 0xff]);
  if (len < 0x200000) return Buffer.from([(len >>> 16) | 0xc0, (len >>> 8) & 0xff, len & 0xff]);
  if (len < 0x10000000)
    return Buffer.from([(len >>> 24) | 0xe0, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]);
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]);
}

/**
 * Encodes a sentence (words, then the empty terminator word).
 * @example
 * socket.write(encodeSentence(['/login', '=name=admin', '=password=x']))
 */
export function encodeSentence(words: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const w of words) {
    const bytes = Buffer.from(w, 'utf8');
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Thrown by {@link SentenceDecoder} on malformed or oversized input. */
export class ApiFramingError extends Error {}

/**
 * Incremental sentence decoder: feed it bytes, get whole sentences out.
 * @example
 * const dec = new SentenceDecoder(); socket.on('data', (b) => dec.push(b).forEach(handle))
 */
export class SentenceDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private words: string[] = [];
  private sentenceBytes = 0;

  constructor(
    private readonly maxWordBytes = 1024 * 1024,
    private readonly maxSentenceBytes = 4 * 1024 * 1024,
  ) {}

  /** Adds bytes; returns every sentence completed by them. */
  push(chunk: Uint8Array): string[][] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const done: string[][] = [];
    for (;;) {
      const head = readLength(this.buf);
      if (head === null) break;
      const [len, size] = head;
      if (len > this.maxWordBytes)
        throw new ApiFramingError(`word of ${len} bytes exceeds ${this.maxWordBytes}`);
      if (this.buf.length < size + len) break;
      if (len === 0) {
        done.push(this.words);
        this.words = [];
        this.sentenceBytes = 0;
      } else {
        this.sentenceBytes += len;
        if (this.sentenceBytes > this.maxSentenceBytes) throw new ApiFramingError('sentence too large');
        this.words.push(this.buf.subarray(size, size + len).toString('utf8'));
      }
      this.buf = this.buf.subarray(size + len);
    }
    if (this.buf.length > 5 + this.maxWordBytes) throw new ApiFramingError('buffer overflow');
    return done;
  }
}

function readLength(b: Buffer): [number, number] | null {
  if (b.length === 0) return null;
  const c = b[0]!;
  if ((c & 0x80) === 0) return [c, 1];
  if ((c & 0xc0) === 0x80) return b.length < 2 ? null : [((c & 0x3f) << 8) | b[1]!, 2];
  if ((c & 0xe0) === 0xc0) return b.length < 3 ? null : [((c & 0x1f) << 16) | (b[1]! << 8) | b[2]!, 3];
  if ((c & 0xf0) === 0xe0) {
    return b.length < 4 ? null : [(c & 0x0f) * 0x1000000 + (b[1]! << 16) + ((b[2]! << 8) | b[3]!), 4];
  }
  if (c === 0xf0) return b.length < 5 ? null : [b.readUInt32BE(1), 5];
  // 0xF8 and above are reserved control bytes in the protocol; nothing valid starts with them.
  throw new ApiFramingError(`reserved length prefix 0x${c.toString(16)}`);
}
