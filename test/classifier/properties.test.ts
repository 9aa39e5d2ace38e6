import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  classifyCommand,
  prepareClassifier,
  RISKS,
  riskRank,
  VENDORS,
  type Vendor,
} from '../../src/classifier/index.js';
import { loadCorpus } from './corpus.js';

const corpus = loadCorpus();
const byVendor = (v: Vendor): string[] => corpus.filter((e) => e.vendor === v).map((e) => e.command);

/** How each dialect chains two commands. */
const SEPARATORS: Record<Vendor, string[]> = {
  linux: ['; ', ' && ', ' || ', ' | ', '\n', ' & '],
  routeros: ['\n', '; '],
  ios: ['\n'],
  nxos: ['\n', ' ; '],
  eos: ['\n'],
  junos: ['\n'],
  fortios: ['\n'],
  panos: ['\n'],
};

// Counterexamples found by these properties, kept as fixtures.
const FIXTURES: Array<[Vendor, string, string, string]> = [
  ['linux', 'cat <<EOF | bash\nrm -rf /srv/data\nEOF', '\n', 'ls'],
  ['linux', 'rm -rf /', '; ', '"'],
  ['routeros', '/system reboot', '\n', '{'],
  ['routeros', '/ip firewall filter remove [find where chain=input]', '\n', '['],
  ['routeros', '/ip address remove [find]', '; ', '"'],
  ['routeros', '/ip firewall filter\nremove [find]', '; ', ']'],
  ['routeros', '/interface ethernet set [find] disabled=yes', '\n', '{'],
  ['ios', 'reload', '\n', 'conf t'],
  ['linux', `python3 -c "import shutil; shutil.rmtree('/var/lib')"`, ' || ', '%<'],
];

beforeAll(async () => {
  await prepareClassifier();
});

describe('classification properties', () => {
  test('appending any command to a chain never lowers its risk (corpus × corpus and arbitrary text)', () => {
    for (const [vendor, a, sep, b] of FIXTURES) {
      const before = classifyCommand(a, { vendor }).risk;
      expect(riskRank(classifyCommand(a + sep + b, { vendor }).risk)).toBeGreaterThanOrEqual(
        riskRank(before),
      );
    }
    for (const vendor of VENDORS) {
      const cmds = byVendor(vendor);
      fc.assert(
        fc.property(
          fc.constantFrom(...cmds),
          fc.constantFrom(...SEPARATORS[vendor]),
          fc.oneof(fc.constantFrom(...cmds), fc.string({ maxLength: 40 })),
          (a, sep, b) => {
            const before = classifyCommand(a, { vendor }).risk;
            const after = classifyCommand(a + sep + b, { vendor }).risk;
            return riskRank(after) >= riskRank(before);
          },
        ),
        { seed: 4242, numRuns: 150 },
      );
    }
  });

  test('classification is total: any string, any vendor, never throws and always yields a risk', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VENDORS),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
          fc
            .array(
              fc.constantFrom(
                '(',
                ')',
                '{',
                '}',
                '[',
                ']',
                '"',
                "'",
                '`',
                '$(',
                '<<',
                '|',
                ';',
                '\\',
                '\n',
                '#',
                ':',
                '/',
              ),
              { maxLength: 60 },
            )
            .map((a) => a.join('')),
        ),
        (vendor, s) => {
          const r = classifyCommand(s, { vendor });
          return RISKS.includes(r.risk) && Array.isArray(r.reasons) && Array.isArray(r.segments);
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });

  test('a 1 MB input and binary input are classified, never read, without throwing', () => {
    const huge = 'show version\n'.repeat(80_000);
    const bin = Buffer.from(Array.from({ length: 16_384 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const vendor of VENDORS) {
      expect(classifyCommand(huge, { vendor }).risk).toBe('unknown');
      expect(classifyCommand(bin, { vendor }).risk).not.toBe('read');
    }
  });

  test('case, fullwidth letters, look-alikes and comment lines never turn a non-read command into read', () => {
    const fullwidth = (s: string): string =>
      s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const comment: Record<Vendor, string> = {
      linux: '# x',
      routeros: '# x',
      ios: '! x',
      nxos: '! x',
      eos: '! x',
      junos: '# x',
      fortios: '# x',
      panos: '# x',
    };
    const leaks: string[] = [];
    for (const e of corpus.filter((x) => x.label !== 'read')) {
      for (const variant of [
        e.command.toUpperCase(),
        fullwidth(e.command),
        e.command.replace(/e/g, 'е'),
        `${comment[e.vendor]}\n${e.command}`,
      ]) {
        if (classifyCommand(variant, { vendor: e.vendor }).risk === 'read')
          leaks.push(`${e.vendor}: ${JSON.stringify(variant)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
