import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateCost,
  estimateTokens,
  lookupModel,
  MAX_CACHE_POINTS,
  type Message,
  type ModelInfo,
  planCachePoints,
  type ToolSpec,
} from '../../src/agent/index.js';

const CLAUDE: ModelInfo = { minCacheTokens: 1024, cachesTools: true, maxCachePoints: 4 };
const NOVA: ModelInfo = { minCacheTokens: 1000, cachesTools: false, maxCachePoints: 4 };
const tool = (name: string, chars: number): ToolSpec => ({
  name,
  description: 'd'.repeat(chars),
  inputSchema: { json: { type: 'object' } },
});
const user = (chars: number): Message => ({ role: 'user', content: [{ text: 'u'.repeat(chars) }] });
const points = (blocks: readonly object[]) => blocks.filter((b) => 'cachePoint' in b).length;

describe('prompt-cache planner', () => {
  it('places one point per tier when every tier reaches the minimum', () => {
    const plan = planCachePoints({
      model: CLAUDE,
      system: ['s'.repeat(5000)],
      tools: [tool('a', 5000)],
      messages: [user(5000)],
    });
    expect(plan.points.map((p) => p.tier)).toEqual(['tools', 'system', 'conversation']);
    expect(points(plan.tools)).toBe(1);
    expect(points(plan.system)).toBe(1);
    expect(points(plan.messages.at(-1)!.content)).toBe(1);
    expect(plan.warnings).toEqual([]);
  });

  it('a point that would cache nothing is left out and becomes a warning', () => {
    const plan = planCachePoints({
      model: CLAUDE,
      system: ['short'],
      tools: [tool('a', 100)],
      messages: [user(10)],
    });
    expect(plan.points).toEqual([]);
    expect(plan.warnings.map((w) => [w.tier, w.code])).toEqual([
      ['tools', 'BELOW_MINIMUM'],
      ['system', 'BELOW_MINIMUM'],
      ['conversation', 'BELOW_MINIMUM'],
    ]);
    expect(plan.warnings[0]).toMatchObject({ minimumTokens: 1024 });
  });

  it('small tiers accumulate: the minimum counts from the previous point, not per tier', () => {
    // tools ~600 tokens (below), tools+system ~1200 (reaches): one point after system.
    const plan = planCachePoints({
      model: CLAUDE,
      system: ['s'.repeat(2400)],
      tools: [tool('a', 2300)],
      messages: [user(8)],
    });
    expect(plan.points.map((p) => p.tier)).toEqual(['system']);
  });

  it('never caches the tool catalog of a model that cannot cache tools, and says so', () => {
    const plan = planCachePoints({
      model: NOVA,
      system: ['s'.repeat(8000)],
      tools: [tool('a', 8000)],
      messages: [user(8000)],
    });
    expect(points(plan.tools)).toBe(0);
    expect(plan.warnings.map((w) => w.code)).toContain('TOOLS_NOT_CACHEABLE');
    expect(plan.points.map((p) => p.tier)).toEqual(['system', 'conversation']);
  });

  it('an unknown model gets no cache points and one warning', () => {
    const plan = planCachePoints({
      model: undefined,
      system: ['s'.repeat(9000)],
      tools: [],
      messages: [user(9000)],
    });
    expect(plan.points).toEqual([]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['UNKNOWN_MODEL']);
  });

  it('tiers can be switched off', () => {
    const plan = planCachePoints({
      model: CLAUDE,
      system: ['s'.repeat(9000)],
      tools: [tool('a', 9000)],
      messages: [user(9000)],
      tiers: { tools: false, conversation: false },
    });
    expect(plan.points.map((p) => p.tier)).toEqual(['system']);
  });

  it('the planner does not mutate its input', () => {
    const messages = [user(9000)];
    const before = JSON.stringify(messages);
    planCachePoints({ model: CLAUDE, system: [], tools: [], messages });
    expect(JSON.stringify(messages)).toBe(before);
  });

  it('property: never more than 4 points (nor the model limit), each only past the minimum since the previous one', () => {
    const info = fc.record({
      minCacheTokens: fc.integer({ min: 1, max: 5000 }),
      cachesTools: fc.boolean(),
      maxCachePoints: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(
        info,
        fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 6 }),
        (model, systemSizes, toolSizes, messageSizes) => {
          const plan = planCachePoints({
            model,
            system: systemSizes.map((n) => 's'.repeat(n)),
            tools: toolSizes.map((n, i) => tool(`t${i}`, n)),
            messages: messageSizes.map((n) => user(n)),
          });
          const total =
            points(plan.tools) +
            points(plan.system) +
            plan.messages.reduce((k, m) => k + points(m.content), 0);
          expect(total).toBe(plan.points.length);
          expect(total).toBeLessThanOrEqual(Math.min(MAX_CACHE_POINTS, model.maxCachePoints));
          if (!model.cachesTools) expect(points(plan.tools)).toBe(0);
          let last = 0;
          for (const p of plan.points) {
            expect(p.prefixTokens - last).toBeGreaterThanOrEqual(model.minCacheTokens);
            last = p.prefixTokens;
          }
        },
      ),
      { seed: 7_2026, numRuns: 200 },
    );
  });
});

describe('model table and cost', () => {
  it('finds models by id, by cross-region profile and by ARN; unknown ids are undefined', () => {
    expect(lookupModel('anthropic.claude-3-5-haiku-20241022-v1:0')?.minCacheTokens).toBe(2048);
    expect(lookupModel('us.anthropic.claude-3-7-sonnet-20250219-v1:0')?.minCacheTokens).toBe(1024);
    expect(lookupModel('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0')?.cachesTools).toBe(
      false,
    );
    expect(lookupModel('meta.llama3-70b-instruct-v1:0')).toBeUndefined();
  });

  it('estimates tokens as ceil(chars / 4) and cost from the price table', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    const prices = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheReadInputTokens: 2_000_000,
      cacheWriteInputTokens: 0,
    };
    expect(estimateCost(usage, prices)).toBeCloseTo(3 + 1.5 + 0.6, 10);
  });
});
