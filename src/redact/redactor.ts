/**
 * `createRedactor`: replaces secrets in text with typed, per-org deterministic placeholders before the
 * text reaches a model, a log or an audit event, and records each mapping in a `SubstitutionTable` that
 * only the executor reads. The no-option default uses a random per-process key (safe for the audit hook).
 */
import { describeValue, UsageError } from '../errors.js';
import { AnchorScanner } from './anchors.js';
import { NameMemory } from './assignments.js';
import { clearRegExpStatics } from './chars.js';
import { CleanTexts } from './clean-texts.js';
import { KnownValues } from './known-values.js';
import { assertKind, deriveOrgKey, PLACEHOLDER_PATTERN, processPlaceholderKey } from './placeholder.js';
import { type DetectorSwitches, type ScanConfig, scan } from './scan.js';
import { initialSectionState, type SectionState } from './sections.js';
import { createRedactionStream, type RedactionStream, type StreamOptions } from './stream.js';
import { SubstitutionTable } from './table.js';

/** One redacted secret. Never carries the value. */
export interface Finding {
  /** Placeholder kind (`PASSWORD`, `PSK`, `SNMP`, `TOKEN`, `PRIVATEKEY`, `HASH`, `SECRET`, `KEY`, `KNOWN`…). */
  readonly kind: string;
  /** Which detector found it (`known`, `assignment`, `pem`, `jwt`, `crypt`, …). */
  readonly detector: string;
  /** Offsets of the secret in the INPUT text, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Offsets of the placeholder in the OUTPUT text, `[outputStart, outputEnd)`. */
  readonly outputStart: number;
  readonly outputEnd: number;
  readonly placeholder: string;
  /** The registered name of a known value (e.g. a vault path), if any. */
  readonly name?: string;
}

/** What `redact` returns. */
export interface RedactionResult {
  readonly text: string;
  readonly findings: readonly Finding[];
}

/** A secret to register up front: a bare value, or a value with a kind and a (non-secret) name. */
export type SecretInput = string | { readonly value: string; readonly kind?: string; readonly name?: string };

export interface RedactorOptions {
  /** Master key for placeholder IDs (≥ 16 bytes). Default: a random key per process. */
  readonly key?: Uint8Array;
  /** Org (tenant) id: placeholders are deterministic per (key, org) and unlinkable across orgs. */
  readonly org?: string;
  /** Known secrets (e.g. from the vault), redacted wherever they appear, also encoded. */
  readonly secrets?: Iterable<SecretInput>;
  /** Switch detector families off (all on by default). */
  readonly detectors?: DetectorSwitches;
  /** Bits per character a value needs under a weak name such as `*_KEY` or `auth` (default 3.0). */
  readonly entropyThreshold?: number;
  /** Most placeholders the table keeps before evicting the oldest (default 65 536). */
  readonly tableLimit?: number;
}

export interface Redactor {
  /** Redacts one text. Stateless apart from filling the table. */
  redact(text: string): RedactionResult;
  /**
   * Registers a known secret; returns its placeholder. Values shorter than 4 characters or containing a
   * placeholder are refused (`REDACT_SECRET_TOO_SHORT`, `REDACT_SECRET_IS_PLACEHOLDER`).
   */
  register(value: string, options?: { kind?: string; name?: string }): string;
  /** A stream for chunked text (model output, SSH output); see `RedactionStream`. */
  createStream(options?: StreamOptions): RedactionStream;
  /** The substitution table (placeholders -> values). For the executor only. */
  readonly table: SubstitutionTable;
}

/**
 * Shortest registered secret: shorter values would match everywhere.
 * @example
 * if (vaultValue.length >= MIN_SECRET_LENGTH) redactor.register(vaultValue)
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Creates a redactor.
 * @example
 * const redactor = createRedactor({ key: orgKey, org: 'acme', secrets: [{ value: vaultPsk, kind: 'PSK' }] });
 * const { text, findings } = redactor.redact(deviceOutput); // text holds __SECRET_PSK_…__ instead
 * const command = redactor.table.substitute(approvedCommand).text; // executor only, after approval
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  if (typeof options !== 'object' || options === null) {
    throw new UsageError('REDACT_BAD_OPTIONS', `"options" expected an object, got ${describeValue(options)}`);
  }
  const key = options.key ?? processPlaceholderKey();
  if (!(key instanceof Uint8Array) || key.length < 16) {
    throw new UsageError(
      'REDACT_BAD_KEY',
      `"key" expected a Uint8Array of at least 16 bytes, got ${describeValue(key)}`,
    );
  }
  const org = options.org ?? '';
  if (typeof org !== 'string' || org.length > 256) {
    throw new UsageError(
      'REDACT_BAD_ORG',
      `"org" expected a string of at most 256 characters, got ${describeValue(org)}`,
    );
  }
  const entropyThreshold = options.entropyThreshold ?? 3.0;
  if (typeof entropyThreshold !== 'number' || !(entropyThreshold >= 0 && entropyThreshold <= 8)) {
    throw new UsageError(
      'REDACT_BAD_OPTIONS',
      `"entropyThreshold" expected a number in [0, 8], got ${describeValue(entropyThreshold)}`,
    );
  }
  const limit = options.tableLimit ?? 65_536;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(
      'REDACT_BAD_OPTIONS',
      `"tableLimit" expected a positive integer, got ${describeValue(limit)}`,
    );
  }
  const d = options.detectors ?? {};
  const known = new KnownValues();
  const table = new SubstitutionTable(deriveOrgKey(key, org), limit);
  const config: ScanConfig = {
    known,
    anchors: new AnchorScanner(known),
    assignments: { entropyThreshold, names: new NameMemory() },
    detectors: {
      blocks: d.blocks ?? true,
      patterns: d.patterns ?? true,
      assignments: d.assignments ?? true,
      sections: d.sections ?? true,
      repeats: d.repeats ?? true,
    },
  };

  const register = (value: string, opts: { kind?: string; name?: string } = {}): string => {
    try {
      return registerValue(value, opts);
    } finally {
      clearRegExpStatics();
    }
  };

  const registerValue = (value: string, opts: { kind?: string; name?: string }): string => {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      throw new UsageError(
        'REDACT_SECRET_TOO_SHORT',
        `a secret must be a string of at least ${MIN_SECRET_LENGTH} characters, got ${describeValue(value)}`,
      );
    }
    PLACEHOLDER_PATTERN.lastIndex = 0;
    if (PLACEHOLDER_PATTERN.test(value)) {
      PLACEHOLDER_PATTERN.lastIndex = 0;
      throw new UsageError(
        'REDACT_SECRET_IS_PLACEHOLDER',
        `a secret must not contain a placeholder, got ${describeValue(value)}`,
      );
    }
    const kind = opts.kind ?? 'KNOWN';
    assertKind(kind);
    if (opts.name !== undefined && (typeof opts.name !== 'string' || opts.name.length > 256)) {
      throw new UsageError(
        'REDACT_BAD_NAME',
        `"name" expected a string of at most 256 characters, got ${describeValue(opts.name)}`,
      );
    }
    known.add(value, kind, opts.name);
    // A text that held no secret may hold this one.
    clean.clear();
    return table.placeholderFor(value, kind, opts.name);
  };

  // Short texts already seen without a finding. Redaction is a pure function of the text and the
  // registered values, so such a text is answered from here until the next registration.
  const clean = new CleanTexts();

  const redactWith = (text: string, state: SectionState, base = 0, outBase = 0): RedactionResult => {
    if (typeof text !== 'string') {
      throw new UsageError('REDACT_BAD_INPUT', `"text" expected a string, got ${describeValue(text)}`);
    }
    if (text.length < MIN_SECRET_LENGTH) return { text, findings: [] };
    const spans = scan(text, config, state);
    if (spans.length === 0) return { text, findings: [] };
    const findings: Finding[] = [];
    let out = '';
    let cursor = 0;
    for (const s of spans) {
      out += text.slice(cursor, s.start);
      const placeholder = table.placeholderFor(text.slice(s.start, s.end), s.kind, s.name);
      const outputStart = outBase + out.length;
      out += placeholder;
      const finding: Finding = {
        kind: s.kind,
        detector: s.detector,
        start: base + s.start,
        end: base + s.end,
        outputStart,
        outputEnd: outputStart + placeholder.length,
        placeholder,
      };
      if (s.name !== undefined) (finding as { name?: string }).name = s.name;
      findings.push(finding);
      cursor = s.end;
    }
    out += text.slice(cursor);
    return { text: out, findings };
  };

  for (const s of options.secrets ?? []) {
    if (typeof s === 'string') register(s);
    else if (typeof s === 'object' && s !== null)
      register(s.value, {
        ...(s.kind === undefined ? {} : { kind: s.kind }),
        ...(s.name === undefined ? {} : { name: s.name }),
      });
    else
      throw new UsageError(
        'REDACT_SECRET_TOO_SHORT',
        `"secrets" entries must be strings or { value }, got ${describeValue(s)}`,
      );
  }

  return {
    table,
    register,
    redact: (text: string) => {
      if (typeof text === 'string' && clean.has(text)) return { text, findings: [] };
      try {
        const result = redactWith(text, initialSectionState(), 0);
        // Texts with findings are never remembered: the table must be filled again.
        if (result.findings.length === 0) clean.add(text);
        return result;
      } finally {
        clearRegExpStatics();
      }
    },
    createStream: (streamOptions?: StreamOptions) =>
      createRedactionStream(
        {
          redact: redactWith,
          knownMaxLength: () => known.maxLength,
          findKnown: (t, out) => known.find(t, out),
          placeholderFor: (value, kind) => table.placeholderFor(value, kind),
        },
        streamOptions,
      ),
  };
}
