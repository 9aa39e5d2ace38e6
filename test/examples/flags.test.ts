import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../examples/noc-agent/errors.js';
import { EXIT, EXIT_CODE_HELP } from '../../examples/noc-agent/exit-codes.js';
import { DEFAULT_TASK, helpText, parseDevice, parseFlags } from '../../examples/noc-agent/flags.js';
import { isAirlockError } from '../../src/errors.js';

const env = { HOME: '/home/op' };

function config(argv: string[]) {
  const parsed = parseFlags(argv, env);
  if (parsed.help) throw new Error('expected a config');
  return parsed.config;
}

describe('noc-agent flags', () => {
  it('defaults to the offline demo: simulated device, scripted model, supervised, ask', () => {
    const c = config([]);
    expect(c.device).toEqual({ kind: 'simulated' });
    expect(c.model).toBe('scripted');
    expect(c.trust).toBe('supervised');
    expect(c.approve).toBe('ask');
    expect(c.vendor).toBe('routeros');
    expect(c.region).toBe('us-east-1');
    expect(c.task).toBe(DEFAULT_TASK);
    expect(c.knownHosts).toBe('/home/op/.ssh/known_hosts');
    expect(c.color).toBeUndefined();
  });

  it('reads every documented flag', () => {
    const c = config([
      '--device',
      'ssh://admin@10.0.0.1:2222',
      '--password-env',
      'ROUTER_PW',
      '--known-hosts',
      '/tmp/kh',
      '--vendor',
      'ios',
      '--model',
      'bedrock',
      '--model-id',
      'anthropic.claude-x',
      '--region',
      'eu-west-1',
      '--trust',
      'manual',
      '--approve',
      'never',
      '--audit',
      '/tmp/a.jsonl',
      '--task',
      'check BGP',
      '--org',
      'acme',
      '--no-color',
      '--max-tool-calls',
      '5',
      '--max-turns',
      '7',
      '--policy',
      '/tmp/p.json',
      '--vault',
      '/tmp/v',
      '--allow-cross-region-profile',
    ]);
    expect(c).toMatchObject({
      device: { kind: 'ssh', user: 'admin', host: '10.0.0.1', port: 2222 },
      passwordEnv: 'ROUTER_PW',
      knownHosts: '/tmp/kh',
      vendor: 'ios',
      model: 'bedrock',
      modelId: 'anthropic.claude-x',
      region: 'eu-west-1',
      trust: 'manual',
      approve: 'never',
      auditFile: '/tmp/a.jsonl',
      task: 'check BGP',
      org: 'acme',
      color: false,
      maxToolCalls: 5,
      maxTurns: 7,
      policyFile: '/tmp/p.json',
      vaultDir: '/tmp/v',
      allowCrossRegionProfile: true,
    });
  });

  it('parses device URLs: default port, IPv6 brackets, percent-encoded users', () => {
    expect(parseDevice('ssh://admin@router1')).toEqual({
      kind: 'ssh',
      user: 'admin',
      host: 'router1',
      port: 22,
    });
    expect(parseDevice('ssh://ops@[2001:db8::1]:830')).toEqual({
      kind: 'ssh',
      user: 'ops',
      host: '2001:db8::1',
      port: 830,
    });
    expect(parseDevice('ssh://a%40b@h')).toMatchObject({ user: 'a@b' });
  });

  const bad: [string, string[], RegExp][] = [
    ['unknown flag', ['--frobnicate'], /unknown flag --frobnicate/],
    ['missing value', ['--trust'], /--trust expected a value/],
    ['bad enum', ['--trust', 'yolo'], /--trust expected one of manual\|supervised\|autonomous/],
    ['bad vendor', ['--vendor', 'cisco'], /--vendor expected one of/],
    ['bad model', ['--model', 'gpt'], /--model expected one of scripted\|bedrock/],
    ['bad approve', ['--approve', 'always'], /--approve expected one of ask\|never/],
    ['positional', ['fix it'], /unexpected argument/],
    ['non-ssh device', ['--device', 'telnet://a@b'], /ssh:\/\/ URL/],
    ['device without user', ['--device', 'ssh://router1'], /expected a user/],
    ['password in URL', ['--device', 'ssh://admin:hunter2@r1'], /must not carry a password/],
    ['bad env name', ['--device', 'ssh://a@b', '--password-env', 'no-dash!'], /NAME of an environment/],
    ['password-env without device', ['--password-env', 'PW'], /needs --device/],
    ['model-id without bedrock', ['--model-id', 'x'], /needs --model bedrock/],
    ['bad region', ['--region', 'moon'], /AWS region/],
    ['bad count', ['--max-tool-calls', '0'], /whole number/],
    ['empty task', ['--task', '  '], /--task expected a non-empty value/],
    ['colour conflict', ['--color', '--no-color'], /cannot be used together/],
    ['bad org', ['--org', '../etc'], /--org expected/],
    ['cross-region without bedrock', ['--allow-cross-region-profile'], /needs --model bedrock/],
  ];
  it.each(bad)('a bad flag (%s) is a one-line ConfigError with exit code 2', (_name, argv, message) => {
    let caught: unknown;
    try {
      parseFlags(argv, env);
    } catch (e) {
      caught = e;
    }
    expect(isAirlockError(caught, 'BAD_FLAG')).toBe(true);
    const { code, line } = describeFailure(caught);
    expect(code).toBe(EXIT.configError);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });

  it('never echoes a password given in a device URL', () => {
    const { line } = describeFailure(catchIt(() => parseFlags(['--device', 'ssh://admin:hunter2@r1'], env)));
    expect(line).not.toContain('hunter2');
  });

  it('--help documents every flag and every exit code', () => {
    expect(parseFlags(['--help'], env)).toEqual({ help: true });
    const text = helpText();
    for (const flag of [
      '--device',
      '--password-env',
      '--known-hosts',
      '--vendor',
      '--model ',
      '--model-id',
      '--region',
      '--trust',
      '--approve',
      '--audit',
      '--task',
      '--org',
      '--no-color',
      '--policy',
      '--vault',
      '--max-tool-calls',
      '--max-turns',
      '--allow-cross-region-profile',
    ]) {
      expect(text).toContain(flag);
    }
    for (const [code, what] of EXIT_CODE_HELP) expect(text).toContain(`${code}  ${what}`);
    expect(new Set(EXIT_CODE_HELP.map(([c]) => c)).size).toBe(EXIT_CODE_HELP.length);
  });
});

function catchIt(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('noc-agent flags stay in step with the library', () => {
  it('vendor ids are the classifier vendors and trust levels are the trust module levels', async () => {
    const { VENDORS: classifierVendors } = await import('../../src/classifier/index.js');
    const { TRUST_LEVELS: trustLevels } = await import('../../src/trust/index.js');
    const { VENDORS, TRUST_LEVELS } = await import('../../examples/noc-agent/flags.js');
    expect([...VENDORS].sort()).toEqual([...classifierVendors].sort());
    expect([...TRUST_LEVELS].sort()).toEqual([...trustLevels].sort());
  });
});
