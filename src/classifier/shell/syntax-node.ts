/**
 * A caching view of a web-tree-sitter node. Every getter of the library's `Node` crosses into wasm (and
 * `.text` re-reads the input through a callback); the IR conversion asks for a node's type, text and
 * children several times, so each is fetched once here and the text is sliced from the source string.
 */
import type { Node as TsNode } from 'web-tree-sitter';

/**
 * Named node types of tree-sitter-bash 0.25 that never have children (tokens; `node-types.json` lists
 * neither children nor fields for them): asking wasm for their children is skipped.
 */
const LEAVES = new Set([
  'word',
  'raw_string',
  'ansi_c_string',
  'comment',
  'extglob_pattern',
  'file_descriptor',
  'heredoc_content',
  'heredoc_end',
  'heredoc_start',
  'regex',
  'special_variable_name',
  'string_content',
  'test_operator',
  'variable_name',
]);

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** One node of a parsed tree, valid until the tree is deleted. */
export class SyntaxNode {
  private cachedType: string | undefined;
  private cachedText: string | undefined;
  private cachedNamed: readonly SyntaxNode[] | undefined;

  constructor(
    readonly ts: TsNode,
    private readonly src: string,
  ) {}

  get type(): string {
    if (this.cachedType === undefined) this.cachedType = this.ts.type;
    return this.cachedType;
  }

  /** The source text (tree-sitter indices are UTF-16 code units, as JS strings are). */
  get text(): string {
    if (this.cachedText === undefined) this.cachedText = this.src.slice(this.ts.startIndex, this.ts.endIndex);
    return this.cachedText;
  }

  get id(): number {
    return this.ts.id;
  }

  get isMissing(): boolean {
    return this.ts.isMissing;
  }

  get hasError(): boolean {
    return this.ts.hasError;
  }

  get isNamed(): boolean {
    return this.ts.isNamed;
  }

  /** Named children, fetched in one wasm call (none for token types). */
  get namedChildren(): readonly SyntaxNode[] {
    if (this.cachedNamed === undefined) {
      if (LEAVES.has(this.type)) this.cachedNamed = NO_CHILDREN;
      else {
        const out: SyntaxNode[] = [];
        for (const c of this.ts.namedChildren) if (c !== null) out.push(new SyntaxNode(c, this.src));
        this.cachedNamed = out;
      }
    }
    return this.cachedNamed;
  }

  /** Every child, anonymous ones included (operators, keywords). */
  children(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const c of this.ts.children) if (c !== null) out.push(new SyntaxNode(c, this.src));
    return out;
  }

  /** The type of the first child (named or not), if any. */
  firstChildType(): string | undefined {
    return this.ts.child(0)?.type;
  }

  childForFieldName(field: string): SyntaxNode | undefined {
    const c = this.ts.childForFieldName(field);
    return c ? new SyntaxNode(c, this.src) : undefined;
  }

  /** True when a `command_name` descendant (or this node) reads exactly `name`. */
  hasCommandNamed(name: string): boolean {
    return this.ts.descendantsOfType('command_name').some((c) => c?.text === name);
  }
}
