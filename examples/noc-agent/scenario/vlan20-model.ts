/**
 * The offline demo's scripted model: a `ModelClient` that plays a careful network engineer working
 * the ticket "users on VLAN 20 lose connectivity". It is a small state machine over the conversation,
 * not a fixed tape: it reads the (redacted) tool results it is given, finds the fault in the exported
 * configuration, and reacts to denials. It never sees a secret: it reads what the real model would.
 */
import type {
  ContentBlock,
  Message,
  ModelClient,
  ModelRequest,
  ModelStreamSink,
  ModelTurn,
  ToolResultBlock,
} from 'airlock/agent';

/** What the model concluded from the configuration. */
export interface VlanDiagnosis {
  readonly finding: string;
  /** Why this fix, in the engineer's words, said before proposing it. */
  readonly rationale: string;
  readonly fix: string;
  readonly verify: string;
  /** What the verification output should show. */
  readonly expect: string;
  /** A follow-up for the ticket (may be empty). */
  readonly followUp: string;
}

/** Options of {@link createVlan20Model}. */
export interface Vlan20ModelOptions {
  /** Milliseconds between streamed words (0 in tests and non-TTY runs). */
  readonly paceMs?: number;
  /** Milliseconds of "thinking" before each answer, so a terminal shows the spinner (default 0). */
  readonly thinkMs?: number;
  /** Receives every request exactly as the runner would send it to a real model (for evidence). */
  readonly onRequest?: (request: ModelRequest) => void;
}

interface Step {
  readonly text: string;
  readonly command?: string;
}

/**
 * Creates the scripted VLAN 20 troubleshooting model.
 * @example
 * const model = createVlan20Model({ paceMs: 15 })
 */
export function createVlan20Model(options: Vlan20ModelOptions = {}): ModelClient {
  let calls = 0;
  return {
    modelId: 'scripted/vlan20-troubleshooter',
    region: 'us-east-1',
    async converse(request: ModelRequest, sink?: ModelStreamSink): Promise<ModelTurn> {
      options.onRequest?.(request);
      const step = nextStep(request.messages);
      calls += 1;
      if ((options.thinkMs ?? 0) > 0) await new Promise((r) => setTimeout(r, options.thinkMs));
      await stream(step.text, sink, options.paceMs ?? 0, request.signal);
      const toolUses =
        step.command === undefined
          ? []
          : [
              {
                toolUseId: `tooluse_${calls}`,
                name: 'run_command',
                input: JSON.stringify({ command: step.command }),
              },
            ];
      return {
        text: step.text,
        toolUses,
        stopReason: toolUses.length > 0 ? 'tool_use' : 'end_turn',
        usage: {
          inputTokens: Math.ceil(JSON.stringify(request.messages).length / 4),
          outputTokens: Math.ceil(step.text.length / 4) + 12,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      };
    },
  };
}

/** The tool calls made so far, with their results, in order. */
interface Exchange {
  readonly command: string;
  readonly status: 'success' | 'error';
  readonly output: string;
}

function history(messages: readonly Message[]): Exchange[] {
  const commands = new Map<string, string>();
  const out: Exchange[] = [];
  for (const m of messages) {
    for (const block of m.content) {
      if (isToolUse(block)) {
        const input = block.toolUse.input as { command?: unknown } | string;
        const parsed = typeof input === 'string' ? safeParse(input) : input;
        commands.set(block.toolUse.toolUseId, typeof parsed?.command === 'string' ? parsed.command : '');
      } else if (isToolResult(block)) {
        out.push({
          command: commands.get(block.toolResult.toolUseId) ?? '',
          status: block.toolResult.status,
          output: block.toolResult.content.map((c) => c.text).join('\n'),
        });
      }
    }
  }
  return out;
}

const READS = ['/interface print', '/ip address print', '/export show-sensitive', '/log print'] as const;

const INTRO: Record<(typeof READS)[number], string> = {
  '/interface print': 'Let me start with the interfaces: link state and whether vlan20 is running.',
  '/ip address print':
    'Links are up and vlan20 is running. Next, the addresses: VLAN 20 needs its gateway on vlan20.',
  '/export show-sensitive':
    'The gateway address is in place, so layer 2 and 3 look right. I need the whole configuration to ' +
    'check the firewall, routes and DHCP; the export includes credentials, which Airlock keeps out of my ' +
    'context.',
  '/log print': 'Before I change anything, let me check the log for recent changes.',
};

function nextStep(messages: readonly Message[]): Step {
  const done = history(messages);
  const last = (command: string) => done.filter((e) => e.command === command).at(-1);
  for (const command of READS) {
    if (last(command) === undefined) {
      if (command === '/log print') {
        const found = diagnose(last('/export show-sensitive')?.output ?? '');
        if (found !== undefined) return { text: `${found.finding} ${INTRO[command]}`, command };
      }
      return { text: INTRO[command], command };
    }
  }
  const exported = last('/export show-sensitive');
  const diagnosis = diagnose(exported?.output ?? '');
  if (diagnosis === undefined) {
    const why =
      exported?.status === 'error'
        ? 'I could not read the configuration, so I cannot diagnose further.'
        : 'I could not find a VLAN 20 fault in the router configuration.';
    return {
      text: `${why} The router side may be fine; check the access switch ports and the trunk towards this router.`,
    };
  }
  const fix = last(diagnosis.fix);
  if (fix === undefined) {
    return { text: diagnosis.rationale, command: diagnosis.fix };
  }
  if (fix.status === 'error') {
    return {
      text:
        `The fix was not applied (${firstLine(fix.output)}). I am stopping here. ${diagnosis.finding} ` +
        `The change that restores service is \`${diagnosis.fix}\`; it needs an operator's approval.`,
    };
  }
  const verified = done.findIndex((e, i) => e.command === diagnosis.verify && i > done.indexOf(fix));
  if (verified < 0) {
    return { text: 'The change is in. Let me verify it.', command: diagnosis.verify };
  }
  const reboot = last('/system reboot');
  if (reboot === undefined) {
    return {
      text:
        `${diagnosis.expect} To be sure every client ` +
        'picks up a clean state, I would like to reboot the router.',
      command: '/system reboot',
    };
  }
  const rebootNote =
    reboot.status === 'error'
      ? 'The reboot was not approved, and that is fine: the fix is live without it, and existing ' +
        'connections recover on their own.'
      : 'The router was rebooted.';
  return {
    text:
      `Summary: ${diagnosis.finding} Fixed with \`${diagnosis.fix}\` and verified with ` +
      `\`${diagnosis.verify}\`. ${rebootNote}${diagnosis.followUp}`,
  };
}

/**
 * Finds the VLAN 20 fault in RouterOS export text: a firewall rule dropping the VLAN 20 subnet, or a
 * disabled vlan20 interface. Exported for tests.
 * @example
 * diagnose('/ip address\nadd address=10.20.0.1/24 interface=vlan20\n/ip firewall filter\n' +
 *   'add action=drop chain=forward comment="block" src-address=10.20.0.0/24')?.fix
 * // '/ip firewall filter disable [find comment="block"]'
 */
export function diagnose(config: string): VlanDiagnosis | undefined {
  const sections = exportSections(config);
  const vlanLine = (sections.get('/interface vlan') ?? []).find((l) => /\bname="?vlan20"?(\s|$)/.test(l));
  if (vlanLine !== undefined && /\bdisabled=yes\b/.test(vlanLine)) {
    return {
      finding: 'Interface vlan20 is disabled, so VLAN 20 has no gateway.',
      rationale: 'Nothing in the log explains it. I will enable the vlan20 interface.',
      fix: '/interface vlan enable [find name=vlan20]',
      verify: '/interface vlan print',
      expect: 'vlan20 is enabled and running again, so VLAN 20 has its gateway back.',
      followUp: '',
    };
  }
  const addr = (sections.get('/ip address') ?? []).find((l) => /\binterface="?vlan20"?(\s|$)/.test(l));
  const subnet = addr === undefined ? '10.20.0.0/24' : networkOf(/\baddress=(\S+)/.exec(addr)?.[1] ?? '');
  for (const rule of sections.get('/ip firewall filter') ?? []) {
    if (/\bdisabled=yes\b/.test(rule) || !/\baction=(drop|reject)\b/.test(rule)) continue;
    const src = /\bsrc-address=(\S+)/.exec(rule)?.[1];
    const dst = /\bdst-address=(\S+)/.exec(rule)?.[1];
    if (src !== subnet && dst !== subnet) continue;
    const chain = /\bchain=(\S+)/.exec(rule)?.[1] ?? 'forward';
    const comment = /\bcomment=("[^"]*"|\S+)/.exec(rule)?.[1];
    const where =
      comment !== undefined
        ? `comment=${comment}`
        : `chain=${chain} action=drop ${src === subnet ? 'src' : 'dst'}-address=${subnet}`;
    return {
      finding:
        `Firewall filter rule ${comment === undefined ? '' : `${comment} `}in chain ${chain} drops ` +
        `everything ${src === subnet ? 'from' : 'to'} ${subnet}, the VLAN 20 subnet.`,
      rationale:
        'The log shows a filter rule was added by hand a few days ago: a maintenance block that was never ' +
        'lifted. I will disable that one rule (reversible, unlike removing it).',
      fix: `/ip firewall filter disable [find ${where}]`,
      verify: '/ip firewall filter print',
      expect: 'The rule now shows as disabled (X), so VLAN 20 traffic is forwarded again.',
      followUp:
        ' Follow-up: ask whoever added the maintenance rule whether the block is still needed, then remove it.',
    };
  }
  return undefined;
}

/** Groups export lines by their menu header (`/ip address` → its `add …` lines). */
function exportSections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const line of unwrap(text)) {
    const t = line.trim();
    if (t.startsWith('/')) {
      current = t;
      if (!out.has(current)) out.set(current, []);
    } else if (t.length > 0 && !t.startsWith('#')) {
      out.get(current)?.push(t);
    }
  }
  return out;
}

/** `10.20.0.1/24` → `10.20.0.0/24`. */
function networkOf(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return cidr;
  const bits = Number(m[5]);
  const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (ip & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

/** Joins RouterOS export continuation lines (a trailing backslash) into one line each. */
function unwrap(text: string): string[] {
  return text.replace(/\\\r?\n\s*/g, '').split(/\r?\n/);
}

async function stream(text: string, sink: ModelStreamSink | undefined, paceMs: number, signal?: AbortSignal) {
  if (sink === undefined) return;
  if (paceMs <= 0) {
    sink.onText(text);
    return;
  }
  const words = text.split(/(?<=\s)/);
  for (const w of words) {
    if (signal?.aborted) return;
    sink.onText(w);
    await new Promise((r) => setTimeout(r, paceMs));
  }
}

function isToolUse(b: ContentBlock): b is Extract<ContentBlock, { toolUse: unknown }> {
  return 'toolUse' in b;
}

function isToolResult(b: ContentBlock): b is ToolResultBlock {
  return 'toolResult' in b;
}

function safeParse(s: string): { command?: unknown } | undefined {
  try {
    return JSON.parse(s) as { command?: unknown };
  } catch {
    return undefined;
  }
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 160);
}
