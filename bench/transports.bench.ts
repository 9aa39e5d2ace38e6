/**
 * Transport overheads next to the raw primitives they wrap: an exec through `createSshTransport`
 * versus a bare ssh2 `Client.exec` on the same simulated device and connection style; known_hosts
 * verification versus a bare Buffer comparison; the RouterOS API codec versus JSON of the same words.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'ssh2';
import {
  createSshTransport,
  encodeSentence,
  hashKnownHostsName,
  parseKnownHosts,
  SentenceDecoder,
  startSimulatedRouterOS,
  verifyHostKey,
} from '../src/transports/index.js';
import { formatNs, measure, printTable } from './harness.js';

export default async function run(): Promise<void> {
  const dev = await startSimulatedRouterOS({ users: [{ name: 'admin', password: 'bench-pass' }] });
  const t = createSshTransport({
    host: dev.host,
    port: dev.port,
    username: 'admin',
    password: 'bench-pass',
    knownHosts: dev.hostKey,
  });
  await t.exec('/system identity print');
  const raw = new Client();
  await new Promise<void>((resolve, reject) => {
    raw.once('ready', () => resolve()).once('error', reject);
    raw.connect({
      host: dev.host,
      port: dev.port,
      username: 'admin',
      password: 'bench-pass',
      hostVerifier: () => true,
    });
  });
  const rawExec = () =>
    new Promise<string>((resolve, reject) => {
      raw.exec('/system identity print', (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => {
          out += d.toString();
        });
        stream.on('close', () => resolve(out));
      });
    });
  const opts = { samples: 7, batch: 20, warmup: 1 };
  const airlockExec = await measure('airlock exec (ssh)', () => t.exec('/system identity print'), opts);
  const ssh2Exec = await measure('raw ssh2 exec', rawExec, opts);
  raw.end();
  await t.close();
  await dev.close();

  // 1,000 hashed entries: the cost of pinning against a large fleet's known_hosts.
  const key = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), randomBytes(36)]);
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(
      `${hashKnownHostsName(`[10.0.${i >> 8}.${i & 255}]:22`, randomBytes(20))} ssh-ed25519 ${key.toString('base64')}`,
    );
  }
  const entries = parseKnownHosts(lines.join('\n'));
  const verify = await measure(
    'verifyHostKey, 1000 hashed entries',
    () => verifyHostKey(entries, '10.0.3.200', 22, key),
    {
      samples: 7,
    },
  );
  const other = Buffer.from(key);
  const bare = await measure('Buffer.equals (no pinning)', () => key.equals(other), { samples: 7 });

  const words = [
    '/ip/address/add',
    '=address=10.40.0.1/24',
    '=interface=bridge1',
    '=comment=lab network',
    '.tag=42',
  ];
  const codec = await measure(
    'API encode+decode sentence',
    () => new SentenceDecoder().push(encodeSentence(words)),
    { samples: 7 },
  );
  const json = await measure('JSON stringify+parse same words', () => JSON.parse(JSON.stringify(words)), {
    samples: 7,
  });

  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  printTable('transports: exec on the simulated device (loopback SSH)', [
    {
      name: airlockExec.name,
      median: formatNs(airlockExec.medianNs),
      ratio: ratio(airlockExec.medianNs, ssh2Exec.medianNs),
    },
    { name: ssh2Exec.name, median: formatNs(ssh2Exec.medianNs), ratio: '1.00×' },
  ]);
  printTable('transports: host key pinning', [
    { name: verify.name, median: formatNs(verify.medianNs), ratio: ratio(verify.medianNs, bare.medianNs) },
    { name: bare.name, median: formatNs(bare.medianNs), ratio: '1.00×' },
  ]);
  printTable('transports: RouterOS API codec', [
    { name: codec.name, median: formatNs(codec.medianNs), ratio: ratio(codec.medianNs, json.medianNs) },
    { name: json.name, median: formatNs(json.medianNs), ratio: '1.00×' },
  ]);
}
