/** Shannon entropy in bits per character, for the generic assignment detector's thresholds. */

/**
 * Bits of Shannon entropy per character of `s` (0 for the empty string).
 * @example
 * shannonEntropy('aaaa') // 0
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  // ASCII counts in a reused table, others in a map; the sum runs in order of first occurrence, so the
  // result is the same float whatever the characters.
  const order: number[] = [];
  let wide: Map<number, number> | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const n = ascii[c]!;
      ascii[c] = n + 1;
      if (n === 0) order.push(c);
    } else {
      wide ??= new Map();
      const n = wide.get(c) ?? 0;
      if (n === 0) order.push(c);
      wide.set(c, n + 1);
    }
  }
  let h = 0;
  for (const c of order) {
    const n = c < 128 ? ascii[c]! : wide!.get(c)!;
    if (c < 128) ascii[c] = 0;
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const ascii = new Int32Array(128);
