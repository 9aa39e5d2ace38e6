/**
 * The synchronous fallback shell parser, used only until tree-sitter-bash has loaded. It accepts a
 * deliberately small grammar (words, quotes, `;` `&&` `||` `|` `&`, redirections, `$(…)` and backticks)
 * and marks everything else opaque, so it can only be less precise than tree-sitter, never more lenient.
 */
import type { ShCommand, ShOpaque, ShPipeline, ShRedirect, ShScript, ShStage, ShWord } from './ir.js';

const RESERVED = new Set([
  '{',
  '}',
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'select',
  '[[',
  ']]',
  '!',
  'coproc',
]);
const MAX_DEPTH = 16;

class Unsupported extends Error {}

interface Tok {
  t: 'word' | 'op' | 'redir';
  v: string;
  w?: ShWord;
}

/**
 * Parses `src` with the fallback grammar; never throws.
 * @example
 * parseShellFallback('ls -l | wc -l').pipelines.length // 1
 */
export function parseShellFallback(src: string, depth = 0): ShScript {
  try {
    if (depth > MAX_DEPTH) throw new Unsupported('nesting too deep');
    return build(lex(src, depth), src);
  } catch (e) {
    const reason = e instanceof Unsupported ? e.message : 'parse failure';
    return { pipelines: [{ text: src, stages: [{ kind: 'opaque', text: src, reason } satisfies ShOpaque] }] };
  }
}

function lex(src: string, depth: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      if (src[i + 1] === ';' && c === ';') throw new Unsupported('case syntax');
      toks.push({ t: 'op', v: ';' });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      const two = src.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '|&') {
        toks.push({ t: 'op', v: two === '|&' ? '|' : two });
        i += 2;
        continue;
      }
      if (two === '&>') {
        const op = src[i + 2] === '>' ? '&>>' : '&>';
        toks.push({ t: 'redir', v: op });
        i += op.length;
        continue;
      }
      toks.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '(' || c === ')') throw new Unsupported('subshell or grouping');
    if (c === '<' || c === '>' || (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(src.slice(i, i + 4)))) {
      let j = i;
      while (/[0-9]/.test(src[j] ?? '')) j++;
      const rest = src.slice(j, j + 3);
      let op: string;
      if (rest.startsWith('<<<')) op = '<<<';
      else if (rest.startsWith('<<')) throw new Unsupported('here-document');
      else if (rest.startsWith('<(') || rest.startsWith('>(')) throw new Unsupported('process substitution');
      else if (rest.startsWith('>>')) op = '>>';
      else if (
        rest.startsWith('>&') ||
        rest.startsWith('<&') ||
        rest.startsWith('>|') ||
        rest.startsWith('<>')
      )
        op = rest.slice(0, 2);
      else op = rest[0]!;
      toks.push({ t: 'redir', v: op });
      i = j + op.length;
      continue;
    }
    const [w, end] = readWord(src, i, depth);
    toks.push({ t: 'word', v: w.text, w });
    i = end;
  }
  return toks;
}

function readWord(src: string, start: number, depth: number): [ShWord, number] {
  let i = start;
  let text = '';
  let literal = true;
  let glob = false;
  let fromCommand = false;
  const subs: ShScript[] = [];
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (/[\s;&|<>()]/.test(c)) break;
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      text += src[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === "'") {
      const e = src.indexOf("'", i + 1);
      if (e < 0) throw new Unsupported('unterminated quote');
      text += src.slice(i + 1, e);
      i = e + 1;
      continue;
    }
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Unsupported('unterminated quote');
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1]!)) {
          if (src[i + 1] !== '\n') text += src[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') {
          const r = readDollar(src, i, depth);
          if (r.sub) {
            subs.push(r.sub);
            fromCommand = true;
          }
          literal = false;
          text += src.slice(i, r.end);
          i = r.end;
          continue;
        }
        text += d;
        i++;
      }
      continue;
    }
    if (c === '$' || c === '`') {
      if (src[i + 1] === "'") throw new Unsupported('ANSI-C quoting');
      const r = readDollar(src, i, depth);
      if (r.sub) {
        subs.push(r.sub);
        fromCommand = true;
      }
      literal = false;
      text += src.slice(i, r.end);
      i = r.end;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') glob = true;
    text += c;
    i++;
  }
  // Brace expansion (`{a,b}`, `{1..3}`) makes the value unproven; a bare `{}` (find, xargs) does not.
  if (/\{[^}]*(,|\.\.)[^}]*\}/.test(text)) glob = true;
  return [{ text, literal: literal && !glob, glob, subs, fromCommand }, i];
}

/** Reads `$name`, `${…}`, `$(…)`, `$((…))` or a backtick substitution starting at `i`. */
function readDollar(src: string, i: number, depth: number): { end: number; sub?: ShScript } {
  if (src[i] === '`') {
    let j = i + 1;
    while (j < src.length && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
    if (j >= src.length) throw new Unsupported('unterminated backtick');
    return { end: j + 1, sub: parseShellFallback(src.slice(i + 1, j), depth + 1) };
  }
  const next = src[i + 1];
  if (next === '(') {
    if (src[i + 2] === '(') throw new Unsupported('arithmetic expansion');
    const close = matchParen(src, i + 1);
    return { end: close + 1, sub: parseShellFallback(src.slice(i + 2, close), depth + 1) };
  }
  if (next === '{') {
    const close = src.indexOf('}', i);
    if (close < 0) throw new Unsupported('unterminated expansion');
    if (/[`$(]/.test(src.slice(i + 2, close))) throw new Unsupported('nested expansion');
    return { end: close + 1 };
  }
  let j = i + 1;
  if (/[0-9@*#?$!_-]/.test(src[j] ?? '') && !/[A-Za-z_]/.test(src[j] ?? '')) return { end: j + 1 };
  while (/[A-Za-z0-9_]/.test(src[j] ?? '')) j++;
  return { end: j };
}

/** Index of the `)` closing the `(` at `open`, honouring quotes; throws when unbalanced. */
function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const e = src.indexOf("'", i + 1);
      if (e < 0) break;
      i = e;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Unsupported('unbalanced parenthesis');
}

function build(toks: Tok[], src: string): ShScript {
  const pipelines: ShPipeline[] = [];
  let stages: ShStage[] = [];
  let cur: { assigns: ShWord[]; words: ShWord[]; redirects: ShRedirect[]; stdin?: string } | undefined;
  const endCommand = (): void => {
    if (!cur) return;
    const text = [...cur.assigns, ...cur.words].map((w) => w.text).join(' ');
    const cmd: ShCommand = {
      kind: 'command',
      text,
      assigns: cur.assigns,
      words: cur.words,
      redirects: cur.redirects,
      inLoop: false,
      ...(cur.stdin !== undefined ? { stdinText: cur.stdin } : {}),
    };
    stages.push(cmd);
    cur = undefined;
  };
  const endPipeline = (): void => {
    endCommand();
    if (stages.length > 0) pipelines.push({ text: stages.map((s) => s.text).join(' | '), stages });
    stages = [];
  };
  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k]!;
    if (tok.t === 'op') {
      if (tok.v === '|') endCommand();
      else endPipeline();
      continue;
    }
    cur ??= { assigns: [], words: [], redirects: [] };
    if (tok.t === 'redir') {
      const target = toks[k + 1];
      if (target?.t !== 'word' || !target.w) throw new Unsupported('redirection without target');
      k++;
      cur.redirects.push({ op: tok.v, target: target.w });
      if (tok.v === '<<<' && target.w.literal) cur.stdin = target.w.text;
      continue;
    }
    const w = tok.w!;
    if (cur.words.length === 0) {
      if (/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(w.text)) {
        cur.assigns.push(w);
        continue;
      }
      if (RESERVED.has(w.text) || w.text.endsWith('()')) throw new Unsupported(`shell keyword ${w.text}`);
    }
    cur.words.push(w);
  }
  endPipeline();
  if (pipelines.length === 0 && src.trim() !== '' && !/^\s*(#.*)?$/m.test(src)) {
    return { pipelines: [] };
  }
  return { pipelines };
}
