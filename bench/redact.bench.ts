/**
 * Redaction throughput: MB/s over a 1 MiB mixed configuration corpus (the labelled test corpus plus
 * interface, routing and log lines) and µs per 4 KiB message, next to secretlint (preset-recommend,
 * `lintSource`) on the same input in the same run; then 1×/4×/16× input growth.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { createRedactor } from '../src/redact/index.js';
import { loadCorpus } from '../test/redact/corpus.js';
import { formatNs, measure, printTable } from './harness.js';

export function noiseLines(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = i % 250;
    switch (i % 6) {
      case 0:
        lines.push(
          `interface GigabitEthernet0/${a}`,
          ` description uplink-${i} to dist-${a}`,
          ` ip address 10.${a}.${i % 200}.1 255.255.255.0`,
        );
        break;
      case 1:
        lines.push(
          `/ip route add dst-address=10.${a}.0.0/16 gateway=192.168.${a}.1 distance=${(i % 5) + 1} comment="route ${i}"`,
        );
        break;
      case 2:
        lines.push(
          `Nov 20 10:${String(a % 60).padStart(2, '0')}:01 core-rtr-${a} %LINK-3-UPDOWN: Interface Gi0/${a}, changed state to up`,
        );
        break;
      case 3:
        lines.push(
          `set interfaces ge-0/0/${a} unit 0 family inet address 172.16.${a}.1/30`,
          `set protocols ospf area 0.0.0.0 interface ge-0/0/${a}.0`,
        );
        break;
      case 4:
        lines.push(
          `    edit "port${a}"`,
          `        set ip 192.0.2.${a} 255.255.255.0`,
          `        set allowaccess ping https ssh`,
          '    next',
        );
        break;
      default:
        lines.push(
          `${(i * 2654435761).toString(16).padStart(8, '0')}a1b2c3d4 commit ${i}: add vlan ${a} on access ports`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function mixedCorpus(bytes: number): string {
  const configs = loadCorpus()
    .map((f) => f.text)
    .join('\n');
  const noise = noiseLines(400);
  let out = '';
  while (out.length < bytes) out += configs + noise;
  return out.slice(0, bytes);
}

async function secretlint(text: string): Promise<number> {
  const result = await lintSource({
    source: { filePath: '/bench/config.txt', content: text, contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] },
    },
  });
  return result.messages.length;
}

export default async function run(): Promise<void> {
  const MiB = 1 << 20;
  const corpus = mixedCorpus(MiB);
  const vault = [
    'Office-Wifi-2026!',
    'IpsecHQ-PSK-7731',
    'RadiusShared#88',
    'Pr0dDbP@ss!2026',
    'JwtS1gn1ngS3cr3t-xyz',
  ];
  const redactor = createRedactor({ key: new Uint8Array(32).fill(1), org: 'bench', secrets: vault });
  // The same without the second pass that finds a found value where it recurs (detectors.repeats).
  const noRepeats = createRedactor({
    key: new Uint8Array(32).fill(1),
    org: 'bench',
    secrets: vault,
    detectors: { repeats: false },
  });
  const airlockFindings = redactor.redact(corpus).findings.length;
  const noRepeatsFindings = noRepeats.redact(corpus).findings.length;
  // Both tools are warmed up on the whole input first (JIT, caches), so the medians below are steady
  // state rather than compilation.
  for (let i = 0; i < 20; i++) {
    redactor.redact(corpus);
    noRepeats.redact(corpus);
  }
  const lintFindings = await secretlint(corpus);
  for (let i = 0; i < 3; i++) await secretlint(corpus);

  const big = await measure('airlock redact 1 MiB', () => redactor.redact(corpus), { samples: 15 });
  const bigNoRepeats = await measure('airlock redact 1 MiB, repeats off', () => noRepeats.redact(corpus), {
    samples: 15,
  });
  const bigLint = await measure('secretlint lintSource 1 MiB', () => secretlint(corpus), {
    samples: 5,
    batch: 1,
  });
  const messages: string[] = [];
  for (let i = 0; i + 4096 <= corpus.length && messages.length < 64; i += 4096 * 3)
    messages.push(corpus.slice(i, i + 4096));
  let m = 0;
  const small = await measure(
    'airlock redact 4 KiB',
    () => redactor.redact(messages[m++ % messages.length]!),
    { samples: 15, warmup: 10 },
  );
  let mr = 0;
  const smallNoRepeats = await measure(
    'airlock redact 4 KiB, repeats off',
    () => noRepeats.redact(messages[mr++ % messages.length]!),
    { samples: 15, warmup: 10 },
  );
  let n = 0;
  const smallLint = await measure('secretlint 4 KiB', () => secretlint(messages[n++ % messages.length]!), {
    samples: 5,
  });
  const mbps = (ns: number) => (MiB / 1e6 / (ns / 1e9)).toFixed(1);
  printTable('redaction throughput (same input, same run)', [
    {
      tool: 'airlock/redact',
      'MB/s (1 MiB)': mbps(big.medianNs),
      '1 MiB': formatNs(big.medianNs),
      '4 KiB msg': formatNs(small.medianNs),
      findings: airlockFindings,
    },
    {
      tool: 'airlock/redact, repeats off',
      'MB/s (1 MiB)': mbps(bigNoRepeats.medianNs),
      '1 MiB': formatNs(bigNoRepeats.medianNs),
      '4 KiB msg': formatNs(smallNoRepeats.medianNs),
      findings: noRepeatsFindings,
    },
    {
      tool: 'secretlint preset-recommend',
      'MB/s (1 MiB)': mbps(bigLint.medianNs),
      '1 MiB': formatNs(bigLint.medianNs),
      '4 KiB msg': formatNs(smallLint.medianNs),
      findings: lintFindings,
    },
    {
      tool: 'ratio (secretlint / airlock)',
      'MB/s (1 MiB)': '',
      '1 MiB': `${(bigLint.medianNs / big.medianNs).toFixed(1)}×`,
      '4 KiB msg': `${(smallLint.medianNs / small.medianNs).toFixed(1)}×`,
      findings: '',
    },
  ]);

  // Per message kind: device output without secrets, secret-dense configuration, and the short strings
  // the audit hook redacts on every event (repeated ones are answered from the clean-text memory).
  const noise = noiseLines(400);
  const dense = loadCorpus()
    .map((f) => f.text)
    .join('\n');
  const slices = (src: string) => {
    const out: string[] = [];
    for (let i = 0; i + 4096 <= src.length && out.length < 16; i += 1024) out.push(src.slice(i, i + 4096));
    return out;
  };
  const cycle = (texts: string[]) => {
    let i = 0;
    return () => texts[i++ % texts.length]!;
  };
  let serial = 0;
  const kinds: Array<[string, () => string]> = [
    ['4 KiB clean (interfaces, routes, logs)', cycle(slices(noise))],
    ['4 KiB secret-dense (labelled configs)', cycle(slices(dense))],
    ['short audit string (repeated)', cycle(['tool.proposed', 'R1', 'show ip route', 'run-42', 'granted'])],
    ['short audit string (never seen)', () => `session ${serial++} on edge-${serial % 97}`],
  ];
  const kindRows: Record<string, string>[] = [];
  for (const [label, next] of kinds) {
    const r = await measure(label, () => redactor.redact(next()), { samples: 7 });
    kindRows.push({ input: label, 'airlock median': formatNs(r.medianNs) });
  }
  printTable('airlock/redact latency per message kind', kindRows);

  // The "4 KiB msg" figure above is a mean over messages of very different density; this is the spread:
  // each of the 64 messages timed alone (best of 25), then percentiles over the messages.
  const perMessage = messages
    .map((msg) => {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 25; k++) {
        const t0 = process.hrtime.bigint();
        redactor.redact(msg);
        best = Math.min(best, Number(process.hrtime.bigint() - t0));
      }
      return best;
    })
    .sort((a, b) => a - b);
  const pct = (p: number) =>
    formatNs(perMessage[Math.min(perMessage.length - 1, Math.floor(p * perMessage.length))]!);
  printTable('airlock/redact, 4 KiB messages of the 1 MiB corpus (each timed alone, best of 25)', [
    { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1) },
  ]);

  const stream = await measure(
    'airlock stream 1 MiB in 1400-byte chunks',
    () => {
      const s = redactor.createStream();
      for (let i = 0; i < corpus.length; i += 1400) s.push(corpus.slice(i, i + 1400));
      s.end();
    },
    { samples: 5 },
  );

  const rows: Record<string, string>[] = [];
  let base = 0;
  for (const k of [1, 4, 16]) {
    const text = mixedCorpus(64 * 1024 * k);
    const r = await measure(`redact ${k}×`, () => redactor.redact(text), { samples: 5 });
    if (k === 1) base = r.medianNs;
    rows.push({
      input: `${64 * k} KiB`,
      median: formatNs(r.medianNs),
      'time / 1×': (r.medianNs / base).toFixed(2),
      'ideal (linear)': String(k),
    });
  }
  printTable('streaming (1400-byte chunks, as SSH output arrives)', [
    { mode: 'stream', 'MB/s': mbps(stream.medianNs), '1 MiB': formatNs(stream.medianNs) },
    { mode: 'whole text', 'MB/s': mbps(big.medianNs), '1 MiB': formatNs(big.medianNs) },
  ]);
  printTable('growth on 1×/4×/16× input', rows);
}
