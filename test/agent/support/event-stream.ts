/**
 * AWS event-stream framing (application/vnd.amazon.eventstream) written from the wire format, so the
 * local Bedrock endpoint does not share code with the client it tests: a frame is prelude (total length,
 * headers length, prelude CRC32), string headers, payload, message CRC32, all big-endian.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the polynomial event-stream uses); `node:zlib` has no crc32 on Node 20. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const STRING_HEADER = 7;

/** Encodes one event-stream message with string headers (the only kind Bedrock sends). */
export function encodeFrame(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + nameBytes.length + 1 + 2);
    head.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(head, 1);
    head.writeUInt8(STRING_HEADER, 1 + nameBytes.length);
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    headerParts.push(head, valueBytes);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  Buffer.from(payload).copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** A Bedrock stream event: `:message-type` event with a JSON payload. */
export function eventFrame(eventType: string, body: unknown): Buffer {
  return encodeFrame(
    { ':event-type': eventType, ':message-type': 'event', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify(body), 'utf8'),
  );
}

/** A modeled in-stream exception, e.g. `throttlingException`. */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeFrame(
    { ':exception-type': exceptionType, ':message-type': 'exception', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}

/** Decodes frames back (for tests of the encoder itself); throws on a CRC mismatch. */
export function decodeFrames(bytes: Buffer): Array<{ headers: Record<string, string>; payload: Buffer }> {
  const out: Array<{ headers: Record<string, string>; payload: Buffer }> = [];
  let offset = 0;
  while (offset < bytes.length) {
    const total = bytes.readUInt32BE(offset);
    const headersLength = bytes.readUInt32BE(offset + 4);
    const frame = bytes.subarray(offset, offset + total);
    if (crc32(frame.subarray(0, 8)) !== frame.readUInt32BE(8)) throw new Error('prelude CRC mismatch');
    if (crc32(frame.subarray(0, total - 4)) !== frame.readUInt32BE(total - 4))
      throw new Error('message CRC mismatch');
    const headers: Record<string, string> = {};
    let p = 12;
    while (p < 12 + headersLength) {
      const nameLength = frame.readUInt8(p);
      const name = frame.subarray(p + 1, p + 1 + nameLength).toString('utf8');
      p += 1 + nameLength + 1;
      const valueLength = frame.readUInt16BE(p);
      headers[name] = frame.subarray(p + 2, p + 2 + valueLength).toString('utf8');
      p += 2 + valueLength;
    }
    out.push({ headers, payload: frame.subarray(12 + headersLength, total - 4) });
    offset += total;
  }
  return out;
}
