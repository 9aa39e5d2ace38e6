import { beforeAll, describe, expect, test } from 'vitest';
import { classifyCommand, prepareClassifier, type Vendor } from '../../src/classifier/index.js';

// Work must grow about linearly with input size (no catastrophic backtracking, no quadratic scans).
// Time is this process's CPU time (not wall-clock: the machine is shared), each size repeated to at least
// 10 ms and the best of three kept; the bound is loose: 16× the input may cost at most 80× (quadratic
// growth would cost 256×, exponential far more).
const SHAPES: Array<[Vendor, string]> = [
  ['linux', 'ls -la /var/log | grep -i err && echo "$(date)" ; '],
  ['linux', '"$(`'],
  ['linux', '*a'],
  ['linux', "awk 'print print print "],
  ['ios', 'show run | include a|b\n'],
  ['nxos', 'conf t ; interface e1/1 ; description x ; '],
  ['eos', 'show version | json\n'],
  ['junos', 'show route | match 10.0 | except x | no-more\n'],
  ['routeros', '/ip address print where interface=ether1; '],
  ['routeros', '[{('],
  ['fortios', 'config firewall policy\nedit 1\nset action accept\nnext\n'],
  ['panos', 'show system info | match version\n'],
];

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Best-of-three CPU µs per call, each sample repeating `fn` for at least 10 ms. */
function bestOf(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const t0 = cpuMicros();
    let n = 0;
    do {
      fn();
      n++;
    } while (cpuMicros() - t0 < 10_000);
    best = Math.min(best, (cpuMicros() - t0) / n);
  }
  return best;
}

beforeAll(async () => {
  await prepareClassifier();
});

describe('complexity', () => {
  test.each(SHAPES)('%s input %j grows about linearly at 1×, 4×, 16×', (vendor, unit) => {
    const base = unit.repeat(Math.ceil(1000 / unit.length));
    const t = [1, 4, 16].map((k) => bestOf(() => classifyCommand(base.repeat(k), { vendor })));
    const t1 = t[0]!;
    expect(t[2]! / t1).toBeLessThan(80);
    expect(t[1]! / t1).toBeLessThan(20);
  });
});
