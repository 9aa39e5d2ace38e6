/**
 * Plain-object ports for runner tests: an audit recorder that validates every event against the v1
 * schema, an approval gate with scripted answers that enforces consume-once per action hash, a device
 * that logs every command it receives, and a small value-based redactor/substituter pair.
 */

import type {
  ApprovalGate,
  ApprovalRequest,
  AuditRecorder,
  CallClassifier,
  CommandExecOptions,
  CommandExecResult,
  CommandTransport,
  OutputRedactor,
  SecretSubstituter,
} from '../../../src/agent/index.js';
import { type AuditEventInput, AuditEventInputSchema } from '../../../src/audit/events.js';
import { hashAction } from '../../../src/gate/index.js';

export function memoryAudit(): AuditRecorder & { events: AuditEventInput[] } {
  const events: AuditEventInput[] = [];
  return {
    events,
    async record(event) {
      AuditEventInputSchema.parse(event);
      events.push(structuredClone(event));
    },
  };
}

export type GateAnswer =
  | 'grant'
  | 'deny'
  | 'expire'
  | ((req: ApprovalRequest) => 'grant' | 'deny' | 'expire');

export function scriptedGate(answer: GateAnswer): ApprovalGate & {
  requests: ApprovalRequest[];
  consumed: string[];
} {
  const requests: ApprovalRequest[] = [];
  const consumed: string[] = [];
  const granted = new Map<string, string>();
  let n = 0;
  return {
    requests,
    consumed,
    async request(req) {
      requests.push(req);
      const approvalId = `ap-${++n}`;
      const a = typeof answer === 'function' ? answer(req) : answer;
      if (a === 'grant') {
        granted.set(approvalId, req.actionHash);
        return { status: 'granted', approvalId };
      }
      return { status: a === 'deny' ? 'denied' : 'expired', approvalId };
    },
    consume(approvalId, call) {
      if (granted.get(approvalId) !== hashAction(call)) return false;
      granted.delete(approvalId);
      consumed.push(approvalId);
      return true;
    },
  };
}

/** A device answering from a map of command → output; logs every command it receives. */
export function plainDevice(
  answer: (command: string) => string,
  target = 'sim://router1',
): CommandTransport & { log: string[] } {
  const log: string[] = [];
  return {
    target,
    log,
    async exec(command: string, options?: CommandExecOptions): Promise<CommandExecResult> {
      log.push(command);
      const output = answer(command);
      // Stream in small chunks so secrets straddle chunk boundaries.
      for (let i = 0; i < output.length; i += 7) options?.onData?.(output.slice(i, i + 7), 'stdout');
      return {
        output,
        exitStatus: 0,
        durationMs: 1,
        truncated: false,
        outputBytes: Buffer.byteLength(output),
      };
    },
  };
}

/** Placeholder for a known secret value, deterministic for tests. */
export function placeholderFor(kind: string, index: number): string {
  return `__SECRET_${kind}_${'ABCDEFGHIJKLM'.slice(0, 12)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[index]}__`;
}

/**
 * A value-based redactor and substituter over a fixed secret list (stands in for `airlock/redact` in
 * tests that do not exercise redaction itself). The stream holds back a tail as long as the longest
 * secret so that a value split across chunks is still caught.
 */
export function knownSecrets(secrets: ReadonlyArray<{ kind: string; value: string }>): {
  redactor: OutputRedactor;
  substituter: SecretSubstituter;
  placeholders: string[];
} {
  const entries = secrets.map((s, i) => ({ ...s, placeholder: placeholderFor(s.kind, i) }));
  const longest = Math.max(1, ...entries.map((e) => e.value.length));
  const replaceAll = (text: string, onFinding?: (f: { kind: string }) => void): string => {
    let out = text;
    for (const e of entries) {
      const parts = out.split(e.value);
      for (let i = 1; i < parts.length; i++) onFinding?.({ kind: e.kind });
      out = parts.join(e.placeholder);
    }
    return out;
  };
  return {
    placeholders: entries.map((e) => e.placeholder),
    redactor: {
      createStream(options) {
        let pending = '';
        const onFinding = options?.onFinding;
        return {
          push(chunk: string) {
            pending = replaceAll(pending + chunk, onFinding);
            const keep = Math.min(pending.length, longest - 1);
            const out = pending.slice(0, pending.length - keep);
            pending = pending.slice(pending.length - keep);
            return out;
          },
          end() {
            const out = replaceAll(pending, onFinding);
            pending = '';
            return out;
          },
        };
      },
    },
    substituter: {
      substitute(text: string) {
        let out = text;
        const used: string[] = [];
        for (const e of entries) {
          if (out.includes(e.placeholder)) {
            used.push(e.placeholder);
            out = out.split(e.placeholder).join(e.value);
          }
        }
        return { text: out, placeholders: used };
      },
    },
  };
}

/** A keyword classifier standing in for `airlock/classifier` until it lands. */
export const keywordClassifier: CallClassifier = {
  classify(call) {
    const command = String(call.args.command ?? '');
    if (/reset-configuration|\bremove\b|\bset\b.*password|reboot|format/.test(command)) {
      return { risk: 'dangerous', reasons: ['destructive keyword'], rule: 'test.dangerous' };
    }
    if (/\bprint\b|\/export/.test(command))
      return { risk: 'read', reasons: ['print or export'], rule: 'test.read' };
    return { risk: 'unknown', reasons: ['no rule'] };
  },
};
