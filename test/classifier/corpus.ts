/**
 * Loads the labelled corpus (`test/classifier/corpus/<vendor>.txt`): one `label[,adv]<TAB>command` per
 * line, `⏎` standing for a newline inside multi-line blocks.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDORS, type Vendor } from '../../src/classifier/index.js';

export type Label = 'read' | 'moderate' | 'dangerous';

export interface CorpusEntry {
  readonly vendor: Vendor;
  readonly label: Label;
  readonly adversarial: boolean;
  readonly command: string;
  readonly line: number;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Every corpus entry of every vendor. */
export function loadCorpus(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const vendor of VENDORS) {
    let text: string;
    try {
      text = readFileSync(join(here, 'corpus', `${vendor}.txt`), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const tab = raw.indexOf('\t');
      if (tab < 0) throw new Error(`${vendor}.txt:${i + 1}: missing tab`);
      const [label, tag] = raw.slice(0, tab).split(',');
      if (label !== 'read' && label !== 'moderate' && label !== 'dangerous')
        throw new Error(`${vendor}.txt:${i + 1}: bad label`);
      out.push({
        vendor,
        label,
        adversarial: tag === 'adv',
        command: raw.slice(tab + 1).replaceAll('⏎', '\n'),
        line: i + 1,
      });
    });
  }
  return out;
}
