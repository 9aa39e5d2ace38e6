/**
 * Linux shell classification: parse (tree-sitter-bash, or the fallback lexer until it has loaded), then
 * classify every command that can run — pipeline stages, substitutions, loop bodies, function bodies,
 * nested `bash -c` text — and take the riskiest. Parse failures are unknown, never read.
 */
import { higherRisk, type Risk, riskRank } from '../risk.js';
import { Verdicts } from '../verdicts.js';
import { parseShellFallback } from './fallback-lexer.js';
import type { ShCommand, ShPipeline, ShRedirect, ShScript, ShStage, ShWord } from './ir.js';
import { classifyArgv, FETCHERS } from './linux-commands.js';
import { isCriticalPath, isHarmlessSink, isSecretPath } from './paths.js';
import { loadShellParser, parseShellTreeSitter, shellParserState } from './tree-sitter.js';
import { type CmdContext, type CmdVerdict, type StdinSource, v } from './verdict.js';

const MAX_DEPTH = 8;
const SCAN_DEPTH = MAX_DEPTH - 2;
/** Rules of commands that delete things (dangerous when repeated). */
const REMOVER_RULE =
  /(^|\.)(rm|unlink|rmdir|shred|userdel|deluser|kill|pkill|killall|remove|delete|truncate)(\.|$)/;

/** Classifies IOS-style CLI text; injected to avoid an import cycle with the vendor rules. */
export type CliClassifier = (src: string, out: Verdicts, depth: number) => Risk;

let fallbackOnly = false;

/**
 * Runs `fn` with the fallback lexer only (internal: the differential tests compare both parsers).
 * @example
 * withFallbackParser(() => classifyCommand('ls', { vendor: 'linux' }))
 */
export function withFallbackParser<T>(fn: () => T): T {
  const prev = fallbackOnly;
  fallbackOnly = true;
  try {
    return fn();
  } finally {
    fallbackOnly = prev;
  }
}

/** Parses shell source with the best parser available now. */
export function parseShell(src: string): { script: ShScript; parser: 'tree-sitter' | 'fallback' } {
  if (fallbackOnly) return { script: parseShellFallback(src), parser: 'fallback' };
  const ts = parseShellTreeSitter(src);
  if (ts) return { script: ts, parser: 'tree-sitter' };
  if (shellParserState().state === 'idle') void loadShellParser();
  return { script: parseShellFallback(src), parser: 'fallback' };
}

/**
 * Classifies Linux shell text into `out`; returns the overall risk.
 * @example
 * classifyLinux('ls -l && rm -rf /', new Verdicts(), 0, cli) // 'dangerous'
 */
export function classifyLinux(src: string, out: Verdicts, depth: number, cli: CliClassifier): Risk {
  if (depth > MAX_DEPTH) return out.add(src, 'unknown', 'linux.too-deep', 'nesting too deep to analyse');
  const { script } = parseShell(src);
  return classifyScript(script, out, depth, cli);
}

function classifyScript(script: ShScript, out: Verdicts, depth: number, cli: CliClassifier): Risk {
  let top: Risk = 'read';
  for (const p of script.pipelines) top = higherRisk(top, classifyPipeline(p, out, depth, cli));
  return top;
}

function classifyPipeline(p: ShPipeline, out: Verdicts, depth: number, cli: CliClassifier): Risk {
  let top: Risk = 'read';
  let prev: ShStage | undefined;
  for (const stage of p.stages) {
    if (stage.kind === 'opaque') {
      if (stage.reason.startsWith('recursive function')) {
        top = higherRisk(top, out.add(stage.text, 'dangerous', 'linux.fork-bomb', stage.reason));
        continue;
      }
      top = higherRisk(top, out.add(stage.text, 'unknown', 'linux.unparsed', stage.reason));
      top = higherRisk(top, scanOpaque(stage.text, out, depth, cli));
    } else {
      top = higherRisk(top, classifyStage(stage, stdinOf(stage, prev), out, depth, cli));
    }
    prev = stage;
  }
  return top;
}

/**
 * Text the parser could not prove is still searched: it is cut at every shell operator and keyword and
 * each piece classified on its own. This can only raise the verdict (the opaque part stays unknown).
 */
function scanOpaque(text: string, out: Verdicts, depth: number, cli: CliClassifier): Risk {
  // Pieces are classified at SCAN_DEPTH, where no further scanning happens: one pass, linear work.
  if (depth >= SCAN_DEPTH) return 'read';
  const pieces = text
    .split(/[;&|\n(){}`]|\$\(|<\(|>\(|<<-?\s*['"]?\w+['"]?|\b(?:then|else|elif|do|done|fi|esac|in)\b/)
    .concat(splitOutsideQuotes(text))
    .map((p) => p?.trim() ?? '')
    .filter((p) => p.length > 0 && p.length < text.length);
  let top: Risk = 'read';
  if (
    /\b(source|\.|sh|bash|zsh|dash|ksh|python3?|perl|ruby|node)\s+<\(\s*(sudo\s+)?(curl|wget|nc|fetch)\b/.test(
      text,
    )
  )
    top = out.add(text, 'dangerous', 'linux.unparsed.remote-code', 'runs code downloaded from the network');
  for (const m of text.matchAll(/(?:^|[\s;&|])([^\s(){};&|]+)\s*\(\s*\)\s*\{([^}]{0,2000})\}/g)) {
    if (m[2]!.split(/[\s;&|]+/).includes(m[1]!))
      top = higherRisk(top, out.add(m[0], 'dangerous', 'linux.fork-bomb', 'recursive function (fork bomb)'));
  }
  const loop = /\b(for|while|until)\b[\s\S]*\bdo\b/.test(text);
  for (const p of pieces) {
    const probe = new Verdicts();
    let r = classifyScript(parseShellFallback(p, MAX_DEPTH - 1), probe, SCAN_DEPTH, cli);
    if (loop && probe.segments.some((s) => REMOVER_RULE.test(s.rule))) r = 'dangerous';
    if (r === 'dangerous') {
      const worst =
        probe.segments.find((s) => s.risk === 'dangerous') ??
        probe.segments.find((s) => REMOVER_RULE.test(s.rule));
      top = higherRisk(
        top,
        out.add(
          p,
          'dangerous',
          worst?.rule ?? 'linux.unparsed.dangerous',
          `${worst?.reason ?? 'dangerous'} (found inside text that could not be parsed)`,
        ),
      );
    }
  }
  return top;
}

/** Cuts at `;` `&` `|` and newlines that are outside quotes (so quoted code stays in one piece). */
function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === ';' || c === '&' || c === '|' || c === '\n') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function programOf(stage: ShStage | undefined): string | undefined {
  if (stage?.kind !== 'command') return undefined;
  let words = stage.words;
  // Look through the usual wrappers to find what actually produces the output.
  while (
    words[0]?.literal &&
    /^(sudo|env|nohup|timeout|nice|stdbuf|command|exec|time)$/.test(words[0].text.split('/').pop()!)
  ) {
    words = words.slice(1);
    while (
      words[0]?.literal &&
      (words[0].text.startsWith('-') ||
        /^[0-9.]+[smhd]?$/.test(words[0].text) ||
        /^[A-Za-z_]+=/.test(words[0].text))
    )
      words = words.slice(1);
  }
  const w = words[0];
  return w?.literal ? w.text.split('/').pop() : undefined;
}

function stdinOf(stage: ShCommand, prev: ShStage | undefined): StdinSource {
  if (stage.stdinText !== undefined) return { kind: 'text', text: stage.stdinText };
  if (!prev)
    return stage.redirects.some((r) => r.op === '<' && r.target && !r.target.literal)
      ? { kind: 'pipe' }
      : { kind: 'none' };
  const prog = programOf(prev);
  if (prog && FETCHERS.has(prog)) return { kind: 'fetch' };
  if (
    prog &&
    /^(base64|base32|basenc|xxd|openssl|gunzip|zcat|gzip|bzip2|bzcat|xz|xzcat|zstd|rev|tr|uudecode|perl|python3?|awk|sed)$/.test(
      prog,
    )
  )
    return { kind: 'decoded' };
  if (
    prev.kind === 'command' &&
    (prog === 'echo' || prog === 'printf') &&
    prev.words.slice(1).every((w) => w.literal)
  ) {
    const args = prev.words
      .slice(1)
      .map((w) => w.text)
      .filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
    return { kind: 'text', text: args.join(' ').replace(/\\n/g, '\n') };
  }
  // `cat <<EOF | sh` and `cat | sh` pass their input through.
  if (
    prev.kind === 'command' &&
    prev.stdinText !== undefined &&
    (prev.words.length === 0 || (prog === 'cat' && prev.words.length === 1))
  )
    return { kind: 'text', text: prev.stdinText };
  return { kind: 'pipe' };
}

function classifyStage(
  cmd: ShCommand,
  stdin: StdinSource,
  out: Verdicts,
  depth: number,
  cli: CliClassifier,
): Risk {
  let top: Risk = 'read';
  // Everything nested runs as well: substitutions in assignments, words and redirect targets.
  for (const w of cmd.assigns) top = classifySubs(w, top, out, depth, cli);
  for (const w of cmd.words) top = classifySubs(w, top, out, depth, cli);
  for (const r of cmd.redirects) if (r.target) top = classifySubs(r.target, top, out, depth, cli);
  for (const s of cmd.nested ?? []) top = higherRisk(top, classifyScript(s, out, depth + 1, cli));
  for (const r of cmd.redirects) {
    const rv = redirectVerdict(r);
    if (rv) top = higherRisk(top, out.add(`${r.op} ${r.target?.text ?? ''}`, rv.risk, rv.rule, rv.reason));
  }
  if (cmd.words.length === 0) {
    // A here-document attached to a compound (`a || bash <<EOF`) feeds one of its commands: if a shell
    // or interpreter is among them, the document is code and is classified as such.
    if (
      cmd.stdinText !== undefined &&
      /(^|[\s;&|(])(sh|bash|zsh|dash|ksh|python[0-9.]*|perl|ruby|node|php|eval|source)(\s|$)/.test(
        cmd.text,
      ) &&
      depth < MAX_DEPTH
    )
      top = higherRisk(top, classifyLinux(cmd.stdinText, out, depth + 1, cli));
    for (const a of cmd.assigns) {
      if (
        /^(PATH|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|BASH_ENV|ENV|IFS|PROMPT_COMMAND|PS4|SHELLOPTS|BASHOPTS)\+?=/.test(
          a.text,
        )
      )
        return higherRisk(
          top,
          out.add(
            cmd.text,
            'unknown',
            'linux.assign.hijack',
            'sets a variable that changes what later commands run',
          ),
        );
    }
    if (cmd.assigns.length > 0 || cmd.redirects.length === 0)
      return higherRisk(top, out.add(cmd.text, 'read', 'linux.assign', 'shell variable only'));
    return top;
  }
  for (const a of cmd.assigns) {
    if (
      /^(LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|BASH_ENV|ENV|PATH|PYTHONPATH|PYTHONSTARTUP|PERL5OPT|NODE_OPTIONS|IFS|GIT_SSH_COMMAND|[A-Z_]*PAGER|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|GIT_[A-Z_]+|SSH_ASKPASS|SUDO_ASKPASS)=/.test(
        a.text,
      )
    )
      top = higherRisk(
        top,
        out.add(a.text, 'unknown', 'linux.env.hijack', 'sets a variable that changes what the command runs'),
      );
  }
  const ctx = new StageContext(depth, stdin, out, cli);
  let verdict = classifyArgv(cmd.words, ctx);
  if (cmd.inLoop && verdict.removes && riskRank(verdict.risk) < riskRank('dangerous'))
    verdict = v('dangerous', `${verdict.rule}.in-loop`, `${verdict.reason}, repeated in a loop`, true);
  return higherRisk(top, out.add(cmd.text, verdict.risk, verdict.rule, verdict.reason));
}

function classifySubs(w: ShWord, top: Risk, out: Verdicts, depth: number, cli: CliClassifier): Risk {
  for (const s of w.subs) top = higherRisk(top, classifyScript(s, out, depth + 1, cli));
  return top;
}

/** What a command's rules see; methods rather than per-command closures (one allocation per stage). */
class StageContext implements CmdContext {
  constructor(
    readonly depth: number,
    readonly stdin: StdinSource,
    private readonly out: Verdicts,
    private readonly cliFn: CliClassifier,
  ) {}

  shell(src: string): CmdVerdict {
    const cli = this.cliFn;
    return nested(src, this.out, this.depth, (s, o, d) => classifyLinux(s, o, d, cli));
  }

  cli(src: string): CmdVerdict {
    return nested(src, this.out, this.depth, this.cliFn);
  }
}

/** Classifies nested text into `out` and summarises it as one verdict for the enclosing command. */
function nested(src: string, out: Verdicts, depth: number, fn: CliClassifier): CmdVerdict {
  if (depth + 1 > MAX_DEPTH) return v('unknown', 'linux.too-deep', 'nesting too deep to analyse');
  const before = out.segments.length;
  const risk = fn(src, out, depth + 1);
  const segs = out.segments.slice(before);
  const worst = segs.reduce<(typeof segs)[number] | undefined>(
    (a, s) => (!a || riskRank(s.risk) > riskRank(a.risk) ? s : a),
    undefined,
  );
  const removes = segs.some((s) => REMOVER_RULE.test(s.rule));
  if (segs.length === 0) return v(risk === 'read' ? 'read' : risk, 'linux.nested.empty', 'nothing to run');
  return v(risk, worst?.rule ?? 'linux.nested', worst?.reason ?? 'nested command', removes);
}

function redirectVerdict(r: ShRedirect): CmdVerdict | undefined {
  const t = r.target;
  if (r.op === '<<' || r.op === '<<-') return undefined;
  if (r.op === '<' || r.op === '<<<' || r.op === '<&') {
    if (t?.literal && isSecretPath(t.text))
      return v('moderate', 'linux.redirect.secret', 'reads a secret file');
    return undefined;
  }
  if (r.op === '>&' || r.op === '<&' || r.op === '>&-') {
    if (!t || (t.literal && /^([0-9]+|-)$/.test(t.text))) return undefined;
  }
  if (!t) return v('unknown', 'linux.redirect.unknown', 'redirection without a target');
  if (!t.literal) return v('unknown', 'linux.redirect.dynamic', 'writes to a file chosen at run time');
  if (isHarmlessSink(t.text)) return undefined;
  if (isCriticalPath(t.text))
    return v('dangerous', 'linux.redirect.critical', `overwrites a critical system file (${t.text})`);
  return v('moderate', 'linux.redirect.write', `writes ${t.text}`);
}
