/**
 * Input normalisation before any vendor rule runs: NFKC (fullwidth letters become ASCII), common
 * Cyrillic/Greek look-alikes folded to their Latin twins, invisible and bidi characters removed, line
 * endings unified. Anything changed or non-ASCII marks the input suspicious so that it can never be read.
 */

// Look-alikes that NFKC keeps distinct. Folding them means `rеboot` (Cyrillic е) is still seen as reboot.
const CONFUSABLES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ɑ: 'a',
  ο: 'o',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ѵ: 'v',
  ү: 'y',
  ԍ: 'g',
  ɩ: 'i',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
  '⁄': '/',
  '∕': '/',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '；': ';',
  '｜': '|',
};

const INVISIBLE =
  /\u00ad|\u034f|\u061c|\u115f|\u1160|\u17b4|\u17b5|\u180e|[\u200b-\u200f]|[\u202a-\u202e]|[\u2060-\u206f]|\ufeff/g;

const NEEDS_WORK = /[^\t\n\x20-\x7e]/;

/** The normalised text and whether anything looked like hiding. */
export interface NormalizedInput {
  readonly text: string;
  /** Set when look-alikes, invisibles, control characters or other non-ASCII were present. */
  readonly suspicious: string | undefined;
}

/**
 * Normalises a command for classification (never throws).
 * @example
 * normalizeCommand('ｓｈｏｗ run').text // 'show run'
 */
export function normalizeCommand(raw: string): NormalizedInput {
  // Printable ASCII, tab and newline only (the usual case): nothing to unify, fold or flag.
  if (!NEEDS_WORK.test(raw)) return { text: raw, suspicious: undefined };
  let suspicious: string | undefined;
  let text = raw.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n');
  if (/[^\x00-\x7f]/.test(text)) {
    suspicious = 'contains non-ASCII characters';
    text = text.normalize('NFKC').replace(INVISIBLE, '');
    let folded = '';
    for (const ch of text) folded += (Object.hasOwn(CONFUSABLES, ch) ? CONFUSABLES[ch] : undefined) ?? ch;
    text = folded;
  }
  // Control characters other than tab and newline have no place in a command; treat them as spaces.
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) {
    suspicious ??= 'contains control characters';
    text = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
  }
  return { text, suspicious };
}
