/**
 * Section-scoped secrets: in RouterOS (`/snmp community` then `add name=public`) and FortiOS
 * (`config system snmp community` … `set name "public"`) the community string is a plain `name`, secret
 * only inside that section. The scan carries the current section so a stream can continue it.
 */
import type { Span } from './span.js';
import { isNonSecretValue } from './values.js';

/** Section state carried across stream chunks (line-aligned). */
export interface SectionState {
  /** 'ros' inside RouterOS `/snmp community`, 'forti' inside FortiOS `config system snmp community`. */
  mode: 'none' | 'ros' | 'forti';
  /** FortiOS `config` nesting depth relative to the section start. */
  depth: number;
}

/** A fresh state (outside any section). */
export function initialSectionState(): SectionState {
  return { mode: 'none', depth: 0 };
}

const ROS_NAME = /(?:^|\s)name=(?:"(?<q>(?:[^"\\\r\n]|\\.){1,512})"|(?<v>[^\s"]{1,512}))/dg;
const FORTI_NAME = /^\s*set name (?:"(?<q>(?:[^"\\\r\n]|\\.){1,512})"|(?<v>\S{1,512}))/dg;

/** Appends spans for community names inside SNMP sections; updates `state` to the end of `text`. */
export function findSections(text: string, state: SectionState, out: Span[]): void {
  if (state.mode === 'none' && !text.includes('snmp community')) {
    // Still track RouterOS/FortiOS section changes cheaply: nothing to find and no section to enter.
    return;
  }
  let pos = 0;
  while (pos < text.length) {
    if (state.mode === 'none') {
      // Outside a section only a header can matter: jump to the next one (linear, no per-line work).
      const next = text.indexOf('snmp community', pos);
      if (next < 0) return;
      pos = text.lastIndexOf('\n', next) + 1;
    }
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    const t = line.trimStart();
    if (t.startsWith('/')) {
      state.mode = /^\/snmp community\b/.test(t) ? 'ros' : 'none';
      state.depth = 0;
    } else if (/^config system snmp community\b/.test(t)) {
      state.mode = 'forti';
      state.depth = 0;
    } else if (state.mode === 'forti') {
      if (/^config\s/.test(t)) state.depth++;
      else if (/^end\b/.test(t)) {
        if (state.depth === 0) state.mode = 'none';
        else state.depth--;
      }
    }
    // SNMPv3 entries name a user, not a community.
    const v3 =
      /\bsecurity=(?:private|authorized)\b|authentication-password=|\bset (?:security-level|auth-proto)\b/.test(
        line,
      );
    if (!v3 && (state.mode === 'ros' || (state.mode === 'forti' && state.depth === 0))) {
      const re = state.mode === 'ros' ? ROS_NAME : FORTI_NAME;
      re.lastIndex = 0;
      for (let m = re.exec(line); m !== null; m = re.exec(line)) {
        const r = m.indices?.groups?.q ?? m.indices?.groups?.v;
        if (r === undefined) continue;
        const value = line.slice(r[0], r[1]);
        if (!isNonSecretValue(value)) {
          out.push({ start: pos + r[0], end: pos + r[1], kind: 'SNMP', detector: 'snmp-section' });
        }
      }
    }
    pos = end + 1;
  }
}
