/**
 * A bounded memory of short texts in which no secret was found, so the audit hook's repeated small strings
 * (event types, device names, statuses) skip the detectors. Direct-mapped: one slot per hash, a newer text
 * replaces an older one, and a lookup compares the whole text, so a collision only costs a miss.
 */
import { detached } from './chars.js';

/** Longest text remembered. */
export const CLEAN_TEXT_MAX = 256;
/** Slots (a power of two): at most this many texts are remembered. */
export const CLEAN_TEXT_SLOTS = 4096;

export class CleanTexts {
  readonly #slots: Array<string | undefined> = new Array<string | undefined>(CLEAN_TEXT_SLOTS).fill(
    undefined,
  );

  /** True when `text` was remembered (and not forgotten since). */
  has(text: string): boolean {
    return text.length <= CLEAN_TEXT_MAX && this.#slots[slotOf(text)] === text;
  }

  /** Remembers `text` (ignored when longer than `CLEAN_TEXT_MAX`). */
  add(text: string): void {
    // A copy: a slice would keep the longer text it was cut from (secrets included) alive here.
    if (text.length <= CLEAN_TEXT_MAX) this.#slots[slotOf(text)] = detached(text);
  }

  /** Forgets everything (a newly registered secret may be in any remembered text). */
  clear(): void {
    this.#slots.fill(undefined);
  }
}

function slotOf(text: string): number {
  let h = text.length;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x9e3779b1);
  return (h ^ (h >>> 16)) & (CLEAN_TEXT_SLOTS - 1);
}
