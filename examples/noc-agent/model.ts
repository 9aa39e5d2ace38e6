/**
 * The model side of a run: the offline scripted model, or Amazon Bedrock through the agent's adapter
 * (the AWS SDK's standard credential chain and endpoint configuration, pinned to the one model and
 * region the operator named). Optionally every request is written to a JSONL file, as evidence of
 * exactly what the model was shown (placeholders, never secrets).
 */
import { appendFileSync } from 'node:fs';
import { createBedrockModel, type ModelClient, type ModelPin } from 'airlock/agent';
import type { NocConfig } from './flags.js';
import { createVlan20Model } from './scenario/vlan20-model.js';

/** Bedrock model used when `--model-id` is not given. */
export const DEFAULT_BEDROCK_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

/** The model and the pin the run enforces before every request. */
export interface ModelChoice {
  readonly model: ModelClient;
  readonly pin: ModelPin | undefined;
  readonly description: string;
}

/**
 * Builds the model for a run.
 * @example
 * const { model, pin } = chooseModel(config, { interactive: true, requestLog: undefined })
 */
export function chooseModel(
  config: NocConfig,
  opts: { interactive: boolean; requestLog?: string },
): ModelChoice {
  let choice: ModelChoice;
  if (config.model === 'scripted') {
    choice = {
      model: createVlan20Model({ thinkMs: opts.interactive ? 350 : 0 }),
      pin: undefined,
      description: 'scripted (offline: no AI service is called)',
    };
  } else {
    const modelId = config.modelId ?? DEFAULT_BEDROCK_MODEL;
    // The operator's choice is the pin: nothing else may be called, in no other region.
    const pin: ModelPin = {
      models: [modelId],
      regions: [config.region],
      ...(config.allowCrossRegionProfile ? { strict: false } : {}),
    };
    choice = {
      model: createBedrockModel({ modelId, region: config.region, pin }),
      pin,
      description:
        `Amazon Bedrock ${modelId} in ${config.region} (pinned)` +
        (config.allowCrossRegionProfile ? '; cross-region inference profiles allowed' : ''),
    };
  }
  return opts.requestLog === undefined
    ? choice
    : { ...choice, model: recording(choice.model, opts.requestLog) };
}

/** Wraps a model so each request is appended to `file` as one JSON line (without the abort signal). */
function recording(model: ModelClient, file: string): ModelClient {
  return {
    modelId: model.modelId,
    region: model.region,
    converse(request, sink) {
      const { signal: _signal, ...plain } = request;
      appendFileSync(file, `${JSON.stringify(plain)}\n`, { mode: 0o600 });
      return model.converse(request, sink);
    },
  };
}
