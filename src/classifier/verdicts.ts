/**
 * The accumulator every vendor rule writes into: one segment per classified part, with its rule id and
 * a human reason. The overall risk is the riskiest segment's.
 */
import { higherRisk, type Risk, riskRank } from './risk.js';
import type { Segment } from './types.js';

/** A segment plus the human reason behind it (internal). */
export interface ReasonedSegment extends Segment {
  readonly reason: string;
}

const MAX_SEGMENT_TEXT = 200;
const MAX_SEGMENTS = 500;

/** Collects segments; bounded so that a 1 MB input cannot produce a 1 MB result. */
export class Verdicts {
  readonly segments: ReasonedSegment[] = [];
  private top: Risk = 'read';
  private dropped = 0;

  /** Records one verdict and returns its risk (so rules can `return out.add(…)`). */
  add(text: string, risk: Risk, rule: string, reason: string): Risk {
    const previousTop = this.top;
    this.top = higherRisk(this.top, risk);
    if (this.segments.length >= MAX_SEGMENTS) {
      this.dropped++;
      // Past the cap, keep only new evidence of a higher risk (in O(1)), so the top risk stays explained.
      if (riskRank(risk) <= riskRank(previousTop)) return risk;
      this.segments.pop();
    }
    const t = text.trim();
    this.segments.push({
      text: t.length > MAX_SEGMENT_TEXT ? `${t.slice(0, MAX_SEGMENT_TEXT)}…` : t,
      risk,
      rule,
      reason,
    });
    return risk;
  }

  get risk(): Risk {
    return this.top;
  }

  get droppedCount(): number {
    return this.dropped;
  }
}
