/**
 * Model and region pinning: a run talks only to an allowlisted model in an allowlisted region, checked
 * before any request leaves the process. Strict mode (the default) also refuses cross-region inference
 * profiles (`us.`, `eu.`, `apac.`, `global.` … prefixes, inference-profile ARNs), because they route a
 * prompt, and the device data inside it, to regions the operator did not choose.
 */
import { ConfigError, describeValue } from '../errors.js';

export const DEFAULT_REGION = 'us-east-1';

export interface ModelPin {
  /** Model ids that may be used, exactly as sent (foundation model ids or ARNs). */
  readonly models: readonly string[];
  /** Regions requests may go to. Default `['us-east-1']`. */
  readonly regions?: readonly string[];
  /** Refuse cross-region inference profiles even when listed. Default true. */
  readonly strict?: boolean;
}

/** Geography prefixes of system-defined cross-region inference profiles. */
const CROSS_REGION_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\./;

/**
 * True when the id names a cross-region inference profile (a prefixed id or an inference-profile ARN).
 * @example
 * isCrossRegionProfile('us.anthropic.claude-3-5-haiku-20241022-v1:0') // true
 */
export function isCrossRegionProfile(modelId: string): boolean {
  if (CROSS_REGION_PREFIX.test(modelId)) return true;
  // Application profiles can wrap a cross-region profile: an ARN of either kind fails closed.
  return /^arn:[^:]+:bedrock:[^:]*:[^:]*:(application-)?inference-profile\//.test(modelId);
}

/**
 * Throws `ConfigError` unless `modelId` and `region` are allowed by the pin. Called before any request.
 * Codes: `MODEL_NOT_ALLOWED`, `REGION_NOT_ALLOWED`, `CROSS_REGION_PROFILE_REFUSED`, `INVALID_PIN`.
 * @example
 * assertPinned('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1', { models: ['anthropic.claude-3-5-haiku-20241022-v1:0'] });
 */
export function assertPinned(modelId: unknown, region: unknown, pin: ModelPin): void {
  if (!Array.isArray(pin?.models) || pin.models.length === 0) {
    throw new ConfigError(
      'INVALID_PIN',
      `"pin.models" expected a non-empty array, got ${describeValue(pin?.models)}`,
    );
  }
  if (typeof modelId !== 'string' || modelId.length === 0) {
    throw new ConfigError(
      'MODEL_NOT_ALLOWED',
      `"modelId" expected a non-empty string, got ${describeValue(modelId)}`,
    );
  }
  if (typeof region !== 'string' || region.length === 0) {
    throw new ConfigError(
      'REGION_NOT_ALLOWED',
      `"region" expected a non-empty string, got ${describeValue(region)}`,
    );
  }
  const regions = pin.regions ?? [DEFAULT_REGION];
  if (!regions.includes(region)) {
    throw new ConfigError('REGION_NOT_ALLOWED', `region "${region}" is not in the pinned regions`, {
      details: { region, allowed: regions.join(',') },
    });
  }
  if (!pin.models.includes(modelId)) {
    throw new ConfigError('MODEL_NOT_ALLOWED', `model "${modelId}" is not in the pinned models`, {
      details: { modelId },
    });
  }
  if ((pin.strict ?? true) && isCrossRegionProfile(modelId)) {
    throw new ConfigError(
      'CROSS_REGION_PROFILE_REFUSED',
      `model "${modelId}" is a cross-region inference profile, refused in strict mode`,
      { details: { modelId } },
    );
  }
  const arnRegion = /^arn:[^:]+:bedrock:([^:]*):/.exec(modelId)?.[1];
  if (arnRegion !== undefined && arnRegion !== region) {
    throw new ConfigError('REGION_NOT_ALLOWED', `model ARN names region "${arnRegion}", not "${region}"`, {
      details: { region: arnRegion },
    });
  }
}
