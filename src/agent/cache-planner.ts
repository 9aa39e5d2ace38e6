/**
 * Prompt-cache planner: decides where cache points go for the three tiers (tool catalog, system prompt,
 * conversation prefix), in the order Bedrock builds the prefix: tools, then system, then messages. A
 * point is placed only where the prefix since the previous point reaches the model's minimum (Bedrock
 * accepts smaller ones silently and caches nothing), never more than the model's limit (at most 4), and
 * never in the tool catalog of a model that cannot cache it. Every point left out becomes a warning.
 * Tokens are estimated as ceil(characters / 4) of the serialized content: cheap, and close enough for
 * English and JSON; the real tokenizer may differ by tens of percent either way.
 */

import type {
  CachePointBlock,
  ContentBlock,
  Message,
  SystemBlock,
  ToolCatalogBlock,
  ToolSpec,
} from './model.js';
import type { ModelInfo } from './models.js';

export type CacheTier = 'tools' | 'system' | 'conversation';

export interface CacheTiers {
  readonly tools?: boolean;
  readonly system?: boolean;
  readonly conversation?: boolean;
}

export interface CacheWarning {
  readonly tier: CacheTier | 'model';
  readonly code: 'BELOW_MINIMUM' | 'TOOLS_NOT_CACHEABLE' | 'NO_POINTS_LEFT' | 'UNKNOWN_MODEL';
  readonly message: string;
  readonly estimatedTokens?: number;
  readonly minimumTokens?: number;
}

export interface CachePlacement {
  readonly tier: CacheTier;
  /** Estimated tokens of the whole prefix up to this point. */
  readonly prefixTokens: number;
}

export interface CachePlan {
  readonly system: SystemBlock[];
  readonly tools: ToolCatalogBlock[];
  readonly messages: Message[];
  readonly points: CachePlacement[];
  readonly warnings: CacheWarning[];
}

export interface CachePlanInput {
  readonly model: ModelInfo | undefined;
  readonly system: readonly string[];
  readonly tools: readonly ToolSpec[];
  readonly messages: readonly Message[];
  readonly tiers?: CacheTiers;
}

/** Bedrock's hard limit on cache points per request. */
export const MAX_CACHE_POINTS = 4;
const POINT: CachePointBlock = Object.freeze({ cachePoint: Object.freeze({ type: 'default' as const }) });

/**
 * Estimated tokens of a text or a JSON value: ceil(characters / 4).
 * @example
 * estimateTokens('abcdefgh') // 2
 */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return Math.ceil(text.length / 4);
}

/**
 * Places cache points for one request.
 * @example
 * const plan = planCachePoints({ model: lookupModel(id), system: [prompt], tools: specs, messages });
 * for (const w of plan.warnings) console.warn(w.message);
 */
export function planCachePoints(input: CachePlanInput): CachePlan {
  const tiers = { tools: true, system: true, conversation: true, ...input.tiers };
  const system: SystemBlock[] = input.system.map((text) => ({ text }));
  const tools: ToolCatalogBlock[] = input.tools.map((toolSpec) => ({ toolSpec }));
  const messages: Message[] = input.messages.map((m) => ({ role: m.role, content: [...m.content] }));
  const points: CachePlacement[] = [];
  const warnings: CacheWarning[] = [];
  const model = input.model;
  if (model === undefined) {
    if (tiers.tools || tiers.system || tiers.conversation) {
      warnings.push({
        tier: 'model',
        code: 'UNKNOWN_MODEL',
        message: 'unknown model: no cache points placed',
      });
    }
    return { system, tools, messages, points, warnings };
  }
  const budget = Math.min(model.maxCachePoints, MAX_CACHE_POINTS);
  const min = model.minCacheTokens;
  let prefix = 0;
  let lastPoint = 0;

  const tryPlace = (tier: CacheTier, place: () => void): void => {
    const since = prefix - lastPoint;
    if (since < min) {
      warnings.push({
        tier,
        code: 'BELOW_MINIMUM',
        message: `${tier} cache point skipped: about ${since} tokens since the previous point, model minimum ${min}`,
        estimatedTokens: since,
        minimumTokens: min,
      });
      return;
    }
    if (points.length >= budget) {
      warnings.push({
        tier,
        code: 'NO_POINTS_LEFT',
        message: `${tier} cache point skipped: ${budget} already used`,
      });
      return;
    }
    place();
    points.push({ tier, prefixTokens: prefix });
    lastPoint = prefix;
  };

  prefix += input.tools.reduce((n, t) => n + estimateTokens(t), 0);
  if (tiers.tools && tools.length > 0) {
    if (!model.cachesTools) {
      warnings.push({
        tier: 'tools',
        code: 'TOOLS_NOT_CACHEABLE',
        message: 'tools cache point skipped: this model does not cache the tool catalog',
      });
    } else {
      tryPlace('tools', () => tools.push(POINT));
    }
  }
  prefix += input.system.reduce((n, t) => n + estimateTokens(t), 0);
  if (tiers.system && system.length > 0) tryPlace('system', () => system.push(POINT));
  prefix += messages.reduce((n, m) => n + m.content.reduce((k, b) => k + estimateTokens(b), 0), 0);
  const last = messages[messages.length - 1];
  if (tiers.conversation && last !== undefined) {
    tryPlace('conversation', () => {
      messages[messages.length - 1] = { role: last.role, content: [...last.content, POINT as ContentBlock] };
    });
  }
  return { system, tools, messages, points, warnings };
}
