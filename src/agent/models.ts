/**
 * What the runner knows about Bedrock models: the minimum prefix a cache point needs, whether the tool
 * catalog can be cached, and on-demand prices for a per-turn cost estimate. Figures come from the
 * Bedrock prompt-caching and pricing pages (us-east-1, USD per million tokens) and go stale: callers can
 * pass their own table. Lookups strip a cross-region prefix and match by id prefix, ignoring the version.
 */

export interface ModelPrices {
  /** USD per million tokens. */
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

export interface ModelInfo {
  /** Minimum tokens between cache points (and before the first one) for a point to take effect. */
  readonly minCacheTokens: number;
  /** Whether a cache point in the tool catalog is accepted. */
  readonly cachesTools: boolean;
  /** Most cache points one request may carry. */
  readonly maxCachePoints: number;
  readonly prices?: ModelPrices;
}

/** Known models by id prefix (version suffixes vary: `-v1:0`, `-v2:0`). */
export const KNOWN_MODELS: Readonly<Record<string, ModelInfo>> = Object.freeze({
  'anthropic.claude-3-5-haiku': {
    minCacheTokens: 2048,
    cachesTools: true,
    maxCachePoints: 4,
    prices: { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
  },
  'anthropic.claude-3-7-sonnet': {
    minCacheTokens: 1024,
    cachesTools: true,
    maxCachePoints: 4,
    prices: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  },
  'anthropic.claude-sonnet-4': {
    minCacheTokens: 1024,
    cachesTools: true,
    maxCachePoints: 4,
    prices: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  },
  'anthropic.claude-opus-4': {
    minCacheTokens: 1024,
    cachesTools: true,
    maxCachePoints: 4,
    prices: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  },
  'anthropic.claude-haiku-4-5': {
    minCacheTokens: 4096,
    cachesTools: true,
    maxCachePoints: 4,
    prices: { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  },
  // Nova caches system and messages but not tools; cache writes cost the plain input rate.
  'amazon.nova-micro': {
    minCacheTokens: 1000,
    cachesTools: false,
    maxCachePoints: 4,
    prices: { input: 0.035, output: 0.14, cacheWrite: 0.035, cacheRead: 0.00875 },
  },
  'amazon.nova-lite': {
    minCacheTokens: 1000,
    cachesTools: false,
    maxCachePoints: 4,
    prices: { input: 0.06, output: 0.24, cacheWrite: 0.06, cacheRead: 0.015 },
  },
  'amazon.nova-pro': {
    minCacheTokens: 1000,
    cachesTools: false,
    maxCachePoints: 4,
    prices: { input: 0.8, output: 3.2, cacheWrite: 0.8, cacheRead: 0.2 },
  },
});

/**
 * Finds a model's info by id (ARN resources and cross-region prefixes are stripped); undefined if unknown.
 * @example
 * lookupModel('us.anthropic.claude-3-7-sonnet-20250219-v1:0')?.minCacheTokens // 1024
 */
export function lookupModel(
  modelId: string,
  table: Readonly<Record<string, ModelInfo>> = KNOWN_MODELS,
): ModelInfo | undefined {
  const resource = modelId.includes('/') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
  const bare = resource.replace(/^(us|eu|apac|global|us-gov|ca|jp|au)\./, '');
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if (bare.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * Estimated USD cost of one turn from its usage. Input tokens exclude cache reads and writes (Bedrock
 * reports them separately).
 * @example
 * estimateCost({ inputTokens: 1e6, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }, prices)
 */
export function estimateCost(
  usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly cacheReadInputTokens: number;
    readonly cacheWriteInputTokens: number;
  },
  prices: ModelPrices,
): number {
  const usd =
    usage.inputTokens * prices.input +
    usage.outputTokens * prices.output +
    usage.cacheWriteInputTokens * prices.cacheWrite +
    usage.cacheReadInputTokens * prices.cacheRead;
  return usd / 1e6;
}
