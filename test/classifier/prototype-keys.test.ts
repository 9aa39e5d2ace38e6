import { describe, expect, it } from 'vitest';
import { classifyCommand, VENDORS } from '../../src/classifier/index.js';
import { isAirlockError } from '../../src/errors.js';

const PROTO_WORDS = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

describe('classifier lookups use own keys only', () => {
  it('Object.prototype names are unknown commands for every vendor, never read and never a bogus rule', () => {
    for (const vendor of VENDORS) {
      for (const w of PROTO_WORDS) {
        const r = classifyCommand(w, { vendor });
        expect(r.risk, `${vendor} ${w}`).toBe('unknown');
        expect(r.reasons.join(' ')).not.toContain('native code');
      }
    }
  });

  it('an Object.prototype name is not a vendor id', () => {
    for (const w of PROTO_WORDS) {
      try {
        classifyCommand('ls', { vendor: w as never });
        expect.unreachable(w);
      } catch (e) {
        expect(isAirlockError(e, 'CLASSIFIER_UNKNOWN_VENDOR')).toBe(true);
      }
    }
  });

  it('a RouterOS line of words that are no known menu is not read (it may be an unlisted command)', () => {
    for (const c of [
      '/interface ethernet reset-mac-address ether1',
      '/console clear-history',
      'global x 1',
      'frobnicate',
    ]) {
      expect(classifyCommand(c, { vendor: 'routeros' }).risk, c).not.toBe('read');
    }
    for (const c of ['/ip address', '/ip addr', 'ip firewall filter', '/interface\nprint']) {
      expect(classifyCommand(c, { vendor: 'routeros' }).risk, c).toBe('read');
    }
  });
});
