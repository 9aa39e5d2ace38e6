/**
 * The anchor scanner: the static catalog (every detector's anchors) plus one redactor's registered values
 * and their encodings, found in one automaton pass per text. Registered values stay in their own regex
 * pass only when there are too many for the automaton's table.
 */
import { AnchorHits, type AnchorSpec, anchors, GROUP } from './anchor-hits.js';
import { STEM_ANCHORS } from './assignments.js';
import { Automaton } from './automaton.js';
import { BLOCK_ANCHORS } from './blocks.js';
import { sameChars } from './chars.js';
import { MAX_STATES } from './dfa-wasm.js';
import type { KnownValues } from './known-values.js';
import { PATTERN_ANCHORS } from './patterns.js';
import { SECTION_ANCHORS } from './sections.js';

interface Catalog {
  readonly specs: readonly AnchorSpec[];
  readonly gates: readonly string[];
  /** Number of groups (the highest group plus one). */
  readonly groups: number;
  readonly automaton: Automaton;
}

let catalog: Catalog | undefined;

/** Units of a registered form that anchor it. */
const KNOWN_ANCHOR = 8;
/** Anchor units (an upper bound on states) past which the automaton would not fit a slot: not built. */
const MAX_UNITS = MAX_STATES;

/** The detectors' anchors, built on first use; gate literals get their tags here. */
function staticCatalog(): Catalog {
  if (catalog !== undefined) return catalog;
  const gates: string[] = [];
  const specs = [
    ...STEM_ANCHORS,
    ...PATTERN_ANCHORS,
    ...SECTION_ANCHORS,
    ...BLOCK_ANCHORS,
    // Placeholders already in the text are never redacted again (see `scan`).
    ...anchors(GROUP.placeholder, 0, ['__SECRET_'], { exact: true }),
  ].map((s) => {
    if (s.group !== GROUP.gate) return s;
    let tag = gates.indexOf(s.text);
    if (tag < 0) tag = gates.push(s.text) - 1;
    return { ...s, tag };
  });
  const groups = Math.max(...specs.map((s) => s.group)) + 1;
  catalog = { specs, gates, groups, automaton: new Automaton(specs.map((s) => s.text)) };
  return catalog;
}

/** Finds the anchors of every detector, and one redactor's registered values, in one pass. */
export class AnchorScanner {
  readonly #known: KnownValues;
  #version = -1;
  #automaton: Automaton | undefined;
  #specs: readonly AnchorSpec[] = [];
  #knownIncluded = false;
  /** The specs as columns, indexed by pattern id (the scan reads these, not the objects). */
  #group = new Int32Array(0);
  #tag = new Int32Array(0);
  #delta = new Int32Array(0);
  /** The literal to confirm a hit with, or undefined for a case-folded anchor. */
  #exact: Array<string | undefined> = [];
  #hits: AnchorHits | undefined;

  constructor(known: KnownValues) {
    this.#known = known;
  }

  /** Candidates of every group in `text`; valid until this scanner's next scan. */
  scan(text: string): AnchorHits {
    const automaton = this.#prepare();
    this.#hits ??= new AnchorHits(staticCatalog().groups, staticCatalog().gates);
    const out = this.#hits;
    out.reset(this.#knownIncluded);
    const hits = automaton.scan(text);
    const ids = hits.ids;
    const starts = hits.starts;
    const group = this.#group;
    const tag = this.#tag;
    const delta = this.#delta;
    const exact = this.#exact;
    for (let i = 0; i < hits.count; i++) {
      const id = ids[i]!;
      const at = starts[i]!;
      const literal = exact[id];
      if (literal !== undefined && !sameChars(literal, text, at, at + literal.length)) continue;
      out.add(group[id]!, at + delta[id]!, tag[id]!);
    }
    out.finish();
    return out;
  }

  /** Sets the specs and their columns. */
  #use(specs: readonly AnchorSpec[]): void {
    if (specs === this.#specs) return;
    this.#specs = specs;
    this.#group = Int32Array.from(specs, (s) => s.group);
    this.#tag = Int32Array.from(specs, (s) => s.tag);
    this.#delta = Int32Array.from(specs, (s) => s.delta);
    this.#exact = specs.map((s) => (s.exact ? s.text : undefined));
  }

  #prepare(): Automaton {
    const base = staticCatalog();
    if (this.#known.size === 0) {
      this.#use(base.specs);
      this.#knownIncluded = false;
      return base.automaton;
    }
    if (this.#version !== this.#known.version || this.#automaton === undefined) {
      this.#version = this.#known.version;
      // A registered form is anchored by its first few units (findCandidates confirms the whole form),
      // which bounds the states it adds. Too many values for one table keep their own regex pass.
      const known = this.#known.forms().map((form, tag) => ({
        text: form.slice(0, KNOWN_ANCHOR),
        group: GROUP.known,
        tag,
        delta: 0,
        exact: false,
      }));
      const specs = [...base.specs, ...known];
      let units = 0;
      for (const spec of specs) units += spec.text.length;
      const automaton = units < MAX_UNITS ? new Automaton(specs.map((x) => x.text)) : undefined;
      this.#knownIncluded = automaton?.fits === true;
      this.#automaton = this.#knownIncluded ? automaton! : base.automaton;
      this.#use(this.#knownIncluded ? specs : base.specs);
    }
    return this.#automaton;
  }
}
