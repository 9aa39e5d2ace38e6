/**
 * The primary Linux shell parser: tree-sitter-bash (WASM) through web-tree-sitter, converted into the
 * classifier's small syntax tree. Loading is asynchronous (the Emscripten runtime awaits internally), so
 * it starts on first use or on `prepareClassifier()`; until it is ready the fallback lexer answers.
 */
import { createRequire } from 'node:module';
import type { Parser as TsParser } from 'web-tree-sitter';
import type { ShCommand, ShPipeline, ShRedirect, ShScript, ShStage, ShWord } from './ir.js';
import { SyntaxNode as TsNode } from './syntax-node.js';

type LoadState = 'idle' | 'loading' | 'ready' | 'failed';

let state: LoadState = 'idle';
let parser: TsParser | undefined;
let pending: Promise<boolean> | undefined;
let failure: string | undefined;
let treeHasError = true;
let oddRedirect = false;

/**
 * Loads tree-sitter-bash once; resolves true when ready, false when it failed (never rejects).
 * @example
 * await loadShellParser()
 */
export function loadShellParser(): Promise<boolean> {
  if (pending) return pending;
  state = 'loading';
  pending = (async () => {
    try {
      const { Parser, Language } = await import('web-tree-sitter');
      await Parser.init();
      // Resolved relative to this module so it works from the ESM build, the CJS build and the sources.
      const wasm = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
      const { readFile } = await import('node:fs/promises');
      const bash = await Language.load(new Uint8Array(await readFile(wasm)));
      const p = new Parser();
      p.setLanguage(bash);
      parser = p;
      state = 'ready';
      return true;
    } catch (e) {
      failure = e instanceof Error ? e.name : typeof e;
      state = 'failed';
      return false;
    }
  })();
  return pending;
}

/** Where the tree-sitter parser stands, and why it failed when it did (error class name only). */
export function shellParserState(): { state: LoadState; failure?: string } {
  return failure === undefined ? { state } : { state, failure };
}

/**
 * Parses with tree-sitter when loaded; undefined when not (yet) available.
 * @example
 * parseShellTreeSitter('ls') // undefined before loading finishes
 */
export function parseShellTreeSitter(src: string): ShScript | undefined {
  if (!parser) return undefined;
  const tree = parser.parse(src);
  if (!tree) return undefined;
  try {
    const out: ShPipeline[] = [];
    // Error and missing-node checks cross into wasm; skip them all when the tree is clean.
    treeHasError = tree.rootNode.hasError;
    oddRedirect = false;
    visit(new TsNode(tree.rootNode, src), false, out);
    return { pipelines: out };
  } finally {
    tree.delete();
  }
}

const SEQUENCE = new Set([
  'program',
  'list',
  'compound_statement',
  'subshell',
  'if_statement',
  'elif_clause',
  'else_clause',
  'case_statement',
  'case_item',
  'negated_command',
  'do_group',
]);
const LOOPS = new Set(['for_statement', 'c_style_for_statement', 'while_statement', 'until_statement']);
const SKIP = new Set(['comment', 'heredoc_body', 'heredoc_start', 'heredoc_end', 'heredoc_content']);

function opaque(node: TsNode, reason: string): ShStage {
  return { kind: 'opaque', text: node.text, reason };
}

function named(node: TsNode): readonly TsNode[] {
  return node.namedChildren;
}

/** Adds the pipelines `node` may run to `out`. */
function visit(node: TsNode, inLoop: boolean, out: ShPipeline[]): void {
  const t = node.type;
  if (SKIP.has(t)) return;
  if (t === 'ERROR' || (treeHasError && node.isMissing)) {
    out.push({ text: node.text, stages: [opaque(node, 'shell syntax error')] });
    return;
  }
  if (t === 'function_definition') {
    // A function that calls itself (`:(){ :|:& };:`) is a fork bomb, whatever its body looks like.
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (name && body?.hasCommandNamed(name)) {
      out.push({ text: node.text, stages: [opaque(node, 'recursive function (fork bomb)')] });
    }
  }
  if (SEQUENCE.has(t) || LOOPS.has(t) || t === 'function_definition') {
    const loop = inLoop || LOOPS.has(t);
    for (const c of named(node)) {
      if (isStatement(c)) visit(c, loop, out);
      else collectSubs(c, loop, out);
    }
    return;
  }
  if (t === 'pipeline') {
    const stages: ShStage[] = [];
    for (const c of named(node)) {
      if (c.type === 'comment') continue;
      stages.push(...toStages(c, inLoop, out));
    }
    out.push({ text: node.text, stages });
    return;
  }
  const stages = toStages(node, inLoop, out);
  out.push({ text: node.text, stages });
}

const STATEMENTS = new Set([
  'pipeline',
  'command',
  'redirected_statement',
  'variable_assignment',
  'variable_assignments',
  'declaration_command',
  'unset_command',
  'test_command',
  'function_definition',
  'ERROR',
]);

function isStatement(n: TsNode): boolean {
  const t = n.type;
  return SEQUENCE.has(t) || LOOPS.has(t) || STATEMENTS.has(t);
}

/** A pipeline stage: a simple command, or an empty placeholder whose inner commands go to `out`. */
function toStages(node: TsNode, inLoop: boolean, out: ShPipeline[]): ShStage[] {
  const t = node.type;
  if (t === 'ERROR' || (treeHasError && (node.isMissing || node.hasError)))
    return [opaque(node, 'shell syntax error')];
  if (t === 'command') return [checked(node, command(node, [], inLoop))];
  if (t === 'redirected_statement') {
    const body = node.childForFieldName('body');
    const redirects: ShRedirect[] = [];
    const tail: ShStage[] = [];
    let stdin: string | undefined;
    for (const c of named(node)) {
      if (c === body || c.id === body?.id) continue;
      if (c.type === 'heredoc_redirect') {
        const h = heredoc(c, inLoop, out, tail);
        redirects.push(h.redirect);
        if (h.body !== undefined) stdin = h.body;
      } else if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
        const r = redirect(c);
        redirects.push(r);
        if (r.op === '<<<' && r.target?.literal) stdin = r.target.text;
      } else collectSubs(c, inLoop, out);
    }
    if (body?.type === 'command') return [checked(node, command(body, redirects, inLoop, stdin)), ...tail];
    if (oddRedirect) {
      oddRedirect = false;
      return [opaque(node, 'redirection followed by several words'), ...tail];
    }
    if (body) visit(body, inLoop, out);
    return [placeholder(node, redirects, inLoop, stdin), ...tail];
  }
  if (t === 'variable_assignment' || t === 'variable_assignments') {
    const assigns = (t === 'variable_assignment' ? [node] : named(node)).map((a) => assignment(a));
    return [{ kind: 'command', text: node.text, assigns, words: [], redirects: [], inLoop }];
  }
  if (t === 'declaration_command' || t === 'unset_command') {
    const kw = node.firstChildType() ?? 'declare';
    const words: ShWord[] = [lit(kw)];
    for (const c of named(node)) words.push(c.type === 'variable_assignment' ? assignment(c) : word(c));
    return [{ kind: 'command', text: node.text, assigns: [], words, redirects: [], inLoop }];
  }
  if (t === 'test_command') {
    collectSubs(node, inLoop, out);
    return [{ kind: 'command', text: node.text, assigns: [], words: [lit('[[')], redirects: [], inLoop }];
  }
  if (SEQUENCE.has(t) || LOOPS.has(t) || t === 'function_definition' || t === 'pipeline') {
    visit(node, inLoop, out);
    return [placeholder(node, [], inLoop, undefined)];
  }
  return [opaque(node, `unsupported shell construct ${t}`)];
}

/** Replaces a command by an opaque stage when one of its redirections was malformed. */
function checked(node: TsNode, cmd: ShCommand): ShStage {
  if (!oddRedirect) return cmd;
  oddRedirect = false;
  return opaque(node, 'redirection followed by several words');
}

function placeholder(
  node: TsNode,
  redirects: ShRedirect[],
  inLoop: boolean,
  stdin: string | undefined,
): ShCommand {
  return {
    kind: 'command',
    text: node.text,
    assigns: [],
    words: [],
    redirects,
    inLoop,
    ...(stdin !== undefined ? { stdinText: stdin } : {}),
  };
}

function heredoc(
  node: TsNode,
  inLoop: boolean,
  out: ShPipeline[],
  tail: ShStage[],
): { redirect: ShRedirect; body: string | undefined } {
  let body: string | undefined;
  let quoted = false;
  for (const c of named(node)) {
    if (c.type === 'heredoc_start') quoted = /['"\\]/.test(c.text);
    else if (c.type === 'heredoc_body') {
      body = c.text;
      // An unquoted here-document expands `$(…)`: those commands run as well.
      if (!quoted) collectSubs(c, inLoop, out);
    } else if (c.type === 'pipeline') {
      for (const s of named(c)) tail.push(...toStages(s, inLoop, out));
    } else if (c.type === 'command' || c.type === 'redirected_statement')
      tail.push(...toStages(c, inLoop, out));
    else if (isStatement(c)) visit(c, inLoop, out);
  }
  if (body !== undefined && !quoted && /[$`]/.test(body)) body = undefined;
  return { redirect: { op: '<<', target: undefined }, body };
}

function command(node: TsNode, extra: ShRedirect[], inLoop: boolean, stdin?: string): ShCommand {
  const assigns: ShWord[] = [];
  const words: ShWord[] = [];
  const redirects: ShRedirect[] = [...extra];
  let stdinText = stdin;
  for (const c of named(node)) {
    if (c.type === 'variable_assignment') assigns.push(assignment(c));
    else if (c.type === 'command_name') words.push(word(named(c)[0] ?? c));
    else if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
      const r = redirect(c);
      redirects.push(r);
      if (r.op === '<<<' && r.target?.literal) stdinText = r.target.text;
    } else if (c.type !== 'comment') words.push(word(c));
  }
  return {
    kind: 'command',
    text: node.text,
    assigns,
    words,
    redirects,
    inLoop,
    ...(stdinText !== undefined ? { stdinText } : {}),
  };
}

function assignment(node: TsNode): ShWord {
  const value = node.childForFieldName('value');
  const v = value ? word(value) : lit('');
  const name = node.childForFieldName('name')?.text ?? '';
  return { ...v, text: `${name}=${v.literal ? v.text : (value?.text ?? '')}`, glob: false };
}

function redirect(node: TsNode): ShRedirect {
  let op = node.type === 'herestring_redirect' ? '<<<' : '';
  let target: ShWord | undefined;
  for (const c of node.children()) {
    if (!c.isNamed) {
      if (op === '') op = c.type;
    } else if (c.type !== 'file_descriptor') {
      // tree-sitter-bash accepts `>` followed by a newline and several words, which bash rejects; the
      // words could be a command, so the whole stage is treated as unparsable.
      if (target !== undefined) oddRedirect = true;
      target = word(c);
    }
  }
  return { op, target };
}

function lit(text: string): ShWord {
  return { text, literal: true, glob: false, subs: [] };
}

const GLOB = /(^|[^\\])([*?]|\[(?!$))/;
const PLAIN_SPECIAL = /[*?[{\\]/;

/** Converts an argument node into a word: literal when its value is fixed before the shell runs. */
function word(node: TsNode): ShWord {
  switch (node.type) {
    case 'word': {
      const raw = node.text;
      // Most words hold no glob, brace or backslash: nothing to detect or unescape.
      if (!PLAIN_SPECIAL.test(raw)) return { text: raw, literal: true, glob: false, subs: [] };
      const glob = raw !== '[' && (GLOB.test(raw) || /(^|[^\\])\{[^}]*[,.][^}]*\}/.test(raw));
      return { text: raw.replace(/\\(.)/gs, '$1'), literal: !glob, glob, subs: [] };
    }
    case 'number':
      return lit(node.text);
    case 'raw_string':
      return lit(node.text.slice(1, -1));
    case 'string': {
      const parts = named(node);
      if (parts.every((p) => p.type === 'string_content')) {
        return lit(node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1'));
      }
      return nonLiteral(node);
    }
    case 'concatenation': {
      const parts = named(node).map(word);
      const literal = parts.every((p) => p.literal);
      return {
        text: literal ? parts.map((p) => p.text).join('') : node.text,
        literal,
        glob: parts.some((p) => p.glob),
        subs: parts.flatMap((p) => p.subs),
        ...(parts.some((p) => p.procSub) ? { procSub: true } : {}),
        ...(parts.some((p) => p.fromCommand) ? { fromCommand: true } : {}),
      };
    }
    default:
      return nonLiteral(node);
  }
}

function nonLiteral(node: TsNode): ShWord {
  const sink: ShPipeline[] = [];
  const found = collectSubs(node, false, sink);
  return {
    text: node.text,
    literal: false,
    glob: false,
    subs: sink.length > 0 ? [{ pipelines: sink }] : [],
    ...(found.proc ? { procSub: true } : {}),
    ...(found.cmd || found.proc ? { fromCommand: true } : {}),
  };
}

/** Adds the statements of every outermost command/process substitution under `node` to `out`. */
function collectSubs(node: TsNode, inLoop: boolean, out: ShPipeline[]): { cmd: boolean; proc: boolean } {
  const t = node.type;
  if (t === 'command_substitution' || t === 'process_substitution') {
    for (const c of named(node)) visit(c, inLoop, out);
    return { cmd: t === 'command_substitution', proc: t === 'process_substitution' };
  }
  if (t === 'ERROR') {
    out.push({ text: node.text, stages: [opaque(node, 'shell syntax error')] });
    return { cmd: false, proc: false };
  }
  const acc = { cmd: false, proc: false };
  if (node.namedChildren.length === 0) return acc;
  for (const c of named(node)) {
    const r = collectSubs(c, inLoop, out);
    acc.cmd ||= r.cmd;
    acc.proc ||= r.proc;
  }
  return acc;
}
