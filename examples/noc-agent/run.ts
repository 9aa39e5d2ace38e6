/**
 * One run of the NOC agent, wired end to end: audit trail → vault → redactor → device (pinned host
 * key, credential from the vault) → classifier, trust, ceilings and gate → the agent runner → audit
 * summary and verification. Each step is a few lines on purpose: this is the file to copy.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConfigError } from 'airlock';
import { commandClassifier, createAgentRun, gateApprovals, type RunResult } from 'airlock/agent';
import { createGate } from 'airlock/gate';
import { createRedactor } from 'airlock/redact';
import { createCeilings, decide, policyChangedEvent } from 'airlock/trust';
import {
  type Approver,
  demoScriptApprover,
  neverApprover,
  noTerminalApprover,
  promptApprover,
} from './approvers.js';
import { openAuditTrail } from './audit-trail.js';
import { type DeviceSession, openDevice, preflight } from './device.js';
import { describeFailure } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { NocConfig } from './flags.js';
import { chooseModel } from './model.js';
import { loadPolicy } from './policy.js';
import { renderAuditSummary, summarizeAudit } from './ui/audit-summary.js';
import { Presenter } from './ui/presenter.js';
import { useColor } from './ui/style.js';
import { sanitize, Terminal } from './ui/terminal.js';
import { openVault } from './vault.js';
import { answerCards, ceilingDecider } from './wiring.js';

/** The process I/O a run uses; tests pass their own. */
export interface RunIo {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs the agent once and returns the process exit code.
 * @example
 * process.exitCode = await runNocAgent(config, { stdin, stdout, stderr, env: process.env })
 */
export async function runNocAgent(config: NocConfig, io: RunIo): Promise<ExitCode> {
  const term = new Terminal(io.stdout, useColor(config.color, io.stdout, io.env));
  const s = term.style;
  const offlineDemo = config.device.kind === 'simulated' && config.model === 'scripted';
  const stateDir = resolve(config.vaultDir ?? '.airlock');
  const runId = `run-${randomUUID()}`;
  const auditPath = resolve(
    config.auditFile ?? join(stateDir, 'audit', `${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`),
  );

  term.line(s.bold(`Airlock NOC agent${offlineDemo ? ' — offline demo' : ''}`));
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse())
      await Promise.resolve()
        .then(c)
        .catch(() => {});
    cleanups.length = 0;
  };
  let interrupted = false;
  try {
    // 0. The model and its pin are checked before anything is touched: a refused model id or region
    //    fails here, before a device session or a request exists.
    const model = chooseModel(config, {
      interactive: term.interactive,
      ...(io.env.NOC_AGENT_MODEL_LOG ? { requestLog: io.env.NOC_AGENT_MODEL_LOG } : {}),
    });

    const policy = loadPolicy(config.policyFile);

    // 1. Evidence first: nothing happens that the trail does not see. The redactor is the trail's
    //    redaction hook too, so a registered device password is masked in events as well.
    const redactor = createRedactor({ org: config.org, key: await placeholderKey(stateDir) });
    const trail = await openAuditTrail({ path: auditPath, keyDir: stateDir, org: config.org, redactor });
    cleanups.push(() => trail.log.close());

    // 2. The vault: device credentials sealed per org, opened only at connect time (audited).
    const vault = await openVault({ dir: join(stateDir, 'vault'), org: config.org, audit: trail.log });
    cleanups.push(() => vault.close());
    if (config.policyFile !== undefined) {
      await trail.log.record(
        policyChangedEvent(policy, {
          org: config.org,
          runId,
          actor: { kind: 'user', id: io.env.USER ?? 'operator' },
        }),
      );
    }

    // 3. The device, host key pinned; a preflight read proves the session before the model starts.
    const spin = term.spin('connecting to the device…');
    let device: DeviceSession;
    let identity: string;
    try {
      device = await openDevice(config, { vault, redactor, env: io.env, runId });
      cleanups.push(() => device.close());
      identity = await preflight(device.transport, config.vendor, redactor, trail.log, config.org, runId);
    } finally {
      spin.stop();
    }

    const approver = chooseApprover(config, io, offlineDemo, term);
    cleanups.push(() => approver.close());

    const rel = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));
    field(term, 'device', `${device.description}`);
    field(term, '', s.dim(`${sanitize(identity.split('\n')[0]?.trim() ?? '')} · host key ${device.hostKey}`));
    field(
      term,
      'vault',
      `device password sealed in the local vault (${rel(vault.dir)}), opened only to log in`,
    );
    field(term, 'model', model.description);
    field(term, 'trust', trustLine(config.trust));
    if (config.policyFile !== undefined) {
      field(
        term,
        'policy',
        `${rel(resolve(config.policyFile))}: ${policy.rules.length} rules, hash ${policy.hash.slice(0, 16)}…`,
      );
    }
    field(term, 'approver', approverLine(approver, config));
    field(term, 'audit', `${rel(trail.path)} (signed checkpoints, key ${trail.keyId})`);
    term.line();
    term.line(`${s.bold('Task:')} ${sanitize(config.task)}`);
    term.line();

    // 4. The pipeline: classifier → trust + ceilings → gate (cards answered by the approver).
    const presenter = new Presenter(term);
    let ceilingHit: string | undefined;
    const ceilings = createCeilings(
      {
        ...(config.maxToolCalls === undefined ? {} : { maxToolCalls: config.maxToolCalls }),
        maxDangerousCalls: 5,
        maxWallClockMs: 30 * 60_000,
      },
      { audit: trail.log, org: config.org, runId },
    );
    const classifier = commandClassifier({ vendor: config.vendor });
    const gate = createGate({
      audit: trail.log,
      org: config.org,
      runId,
      ttlMs: 10 * 60_000,
      classify: (action) => classifier.classify(action),
      // An edited action goes through the same policy: a deny refuses the edit.
      check: (action, classification) =>
        decide(action, classification, config.trust, policy, { vendor: config.vendor }),
    });
    cleanups.push(() => gate.dispose());
    const detach = answerCards(gate, approver, {
      showCard: (card) => presenter.showCard(card),
      showAnswer: (card, ok, by, note) => presenter.showAnswer(card, ok, by, note),
    });
    cleanups.push(detach);

    const run = createAgentRun({
      runId,
      model: model.model,
      ...(model.pin === undefined ? {} : { pin: model.pin }),
      task: config.task,
      transport: device.transport,
      classifier,
      decider: ceilingDecider(
        ceilings,
        config.vendor,
        (what) => {
          ceilingHit ??= what;
          run.stop(what);
        },
        policy,
      ),
      gate: gateApprovals(gate),
      redactor,
      substituter: redactor.table,
      audit: trail.log,
      org: config.org,
      operator: io.env.USER ?? 'operator',
      trust: config.trust,
      ...(config.maxTurns === undefined ? {} : { maxTurns: config.maxTurns }),
    });
    run.on('event', (ev) => presenter.handle(ev));
    const onSigint = () => {
      interrupted = true;
      presenter.stopWaiting();
      term.line(s.yellow('\n  interrupted: stopping the run (pending approvals are denied)…'));
      run.stop('interrupted by the operator');
    };
    process.once('SIGINT', onSigint);
    let result: RunResult;
    try {
      result = await run.start();
    } finally {
      process.off('SIGINT', onSigint);
      presenter.stopWaiting();
    }
    await ceilings.flush().catch(() => {});
    term.line();
    term.line(runLine(result, ceilingHit, s));
    if (config.model === 'bedrock') {
      const t = presenter.tally;
      term.line(
        s.dim(
          `  model usage: ${t.inputTokens} input and ${t.outputTokens} output tokens` +
            (t.costUsd > 0 ? `, about $${t.costUsd.toFixed(4)} at list prices` : ''),
        ),
      );
    }

    // 5. Close the device and the log, then print the trail and verify it with its checkpoint.
    await cleanup();
    const verdict = await trail.closeAndVerify();
    term.heading('Audit trail');
    term.line(renderAuditSummary(summarizeAudit(trail.events), s, term.columns ?? 110));
    if (verdict.ok) {
      term.line(
        `${s.green('✓')} log verified: ${verdict.size} entries, Merkle root ${verdict.root.slice(0, 16)}…, ` +
          `signed checkpoint covers ${verdict.signedSize} (key ${trail.keyId})`,
      );
      term.line(
        s.dim(
          `  check it yourself: npm run airlock -- audit verify ${rel(trail.path)} --checkpoint ${rel(trail.checkpointPath)} --public-key ${rel(trail.publicKeyPath)}`,
        ),
      );
    } else {
      term.line(`${s.red('✗')} audit log FAILED verification at entry ${verdict.index}: ${verdict.reason}`);
    }
    const leaked = offlineDemo ? leakCheck(trail.path, device.seededSecrets) : undefined;
    if (leaked !== undefined) {
      term.line(
        leaked === 0
          ? `${s.green('✓')} none of the device's ${device.seededSecrets.length} secrets appears in the audit log`
          : `${s.red('✗')} ${leaked} device secret(s) found in the audit log`,
      );
    }
    term.line();
    term.line(recap(summarizeAudit(trail.events), s));
    if (!verdict.ok || (leaked ?? 0) > 0) return EXIT.auditInvalid;
    return exitFor(result, ceilingHit, interrupted, presenter.tally);
  } catch (e) {
    if (io.env.NOC_AGENT_DEBUG === '1') console.error(e);
    const { code, line } = describeFailure(e);
    term.stopSpinner();
    // One line on stderr, like a bad flag: scripts read the exit code, people read this line.
    io.stderr.write(`noc-agent: ${line}\n`);
    return interrupted ? EXIT.interrupted : code;
  } finally {
    await cleanup();
  }
}

function chooseApprover(config: NocConfig, io: RunIo, offlineDemo: boolean, term: Terminal): Approver {
  if (config.approve === 'never') return neverApprover();
  if (io.stdin.isTTY === true) return promptApprover(io.stdin, io.stdout, (q) => `    ${term.style.bold(q)}`);
  if (offlineDemo) return demoScriptApprover();
  return noTerminalApprover();
}

function approverLine(approver: Approver, config: NocConfig): string {
  if (approver.label === 'operator') return 'you, at this terminal (y approves; anything else denies)';
  if (approver.label.startsWith('auto-approver')) {
    return `${approver.label}: approves moderate changes, denies dangerous ones (stdin is not a terminal)`;
  }
  if (config.approve === 'never') return `${approver.label}: every approval is denied`;
  return `${approver.label}: every approval is denied (run in a terminal to approve)`;
}

function trustLine(trust: NocConfig['trust']): string {
  switch (trust) {
    case 'manual':
      return 'manual: every command needs an approval';
    case 'autonomous':
      return 'autonomous: reads run, policy-allowed changes run, dangerous commands always ask';
    default:
      return 'supervised: reads run, changes need an approval, dangerous commands always ask';
  }
}

function field(term: Terminal, name: string, value: string): void {
  term.line(`  ${term.style.dim(name.padEnd(8))} ${value}`);
}

function runLine(result: RunResult, ceilingHit: string | undefined, s: Terminal['style']): string {
  if (ceilingHit !== undefined) return s.yellow(`■ run stopped: ${ceilingHit}`);
  switch (result.status) {
    case 'finished':
      return s.green(`■ run finished after ${result.turns} model turns`);
    case 'ceiling':
      return s.yellow(`■ run stopped: ${sanitize(result.reason)}`);
    case 'stopped':
      return s.yellow(`■ run stopped: ${sanitize(result.reason)}`);
    default:
      return s.red(`■ run ended with ${result.status}: ${sanitize(result.reason)}`);
  }
}

/**
 * Exit code of a completed run. "Stopped after denial": a change the agent needed was denied (or
 * expired), or nothing it asked for was approved. A denied dangerous extra step alone, next to
 * approved changes, is the gate doing its job and the task still finished (the demo's reboot).
 */
function exitFor(
  result: RunResult,
  ceilingHit: string | undefined,
  interrupted: boolean,
  tally: { approvalsGranted: number; approvalsDenied: number; deniedChanges: number },
): ExitCode {
  if (interrupted) return EXIT.interrupted;
  if (ceilingHit !== undefined || result.status === 'ceiling') return EXIT.ceilingReached;
  if (result.status === 'denied') return EXIT.stoppedAfterDenial;
  if (result.status === 'error') {
    return /DEVICE_UNREACHABLE|CONNECT_TIMEOUT|AUTH_FAILED|HOST_KEY_/.test(result.reason)
      ? EXIT.deviceUnreachable
      : EXIT.runError;
  }
  if (result.status === 'stopped') return EXIT.runError;
  if (tally.deniedChanges > 0) return EXIT.stoppedAfterDenial;
  if (tally.approvalsDenied > 0 && tally.approvalsGranted === 0) return EXIT.stoppedAfterDenial;
  return EXIT.finished;
}

/** One sentence of what Airlock did in this run, from the audit trail alone. */
function recap(summary: ReturnType<typeof summarizeAudit>, s: Terminal['style']): string {
  const calls = summary.calls;
  const redacted = calls.reduce((n, c) => n + c.redacted, 0);
  const granted = calls.filter((c) => c.approval === 'granted').length;
  const refused = calls.filter(
    (c) => c.approval === 'denied' || c.approval === 'expired' || c.decision === 'deny',
  );
  const decrypts = summary.counts.get('field.decrypted') ?? 0;
  const parts = [
    `${calls.length} command${calls.length === 1 ? '' : 's'} classified and decided`,
    `${redacted} secret${redacted === 1 ? '' : 's'} kept out of the model's context`,
    `${granted} approved by card`,
    `${refused.length} refused (${refused.map((c) => c.risk).join(', ') || 'none'}), never run`,
    `${decrypts} audited password decrypt${decrypts === 1 ? '' : 's'}`,
  ];
  return `${s.bold('What Airlock did:')} ${parts.join(' · ')}`;
}

/** The redactor's placeholder key, kept per state dir so placeholders are stable across runs. */
async function placeholderKey(stateDir: string): Promise<Uint8Array> {
  const file = join(stateDir, 'redact.key');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) await writeFile(file, randomBytes(32), { mode: 0o600, flag: 'wx' }).catch(() => {});
  const key = readFileSync(file);
  if (key.length !== 32) {
    throw new ConfigError('PLACEHOLDER_KEY_INVALID', `${file} expected 32 bytes, got ${key.length}`);
  }
  return new Uint8Array(key);
}

/** Counts seeded secrets found in the raw audit log file (the demo proves its own claim). */
function leakCheck(path: string, secrets: readonly string[]): number {
  const text = readFileSync(path, 'utf8');
  return secrets.filter((v) => v.length >= 4 && text.includes(v)).length;
}
