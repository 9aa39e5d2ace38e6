import { describe, expect, it } from 'vitest';
import { assertPinned, isCrossRegionProfile } from '../../src/agent/index.js';

const M = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('model and region pinning', () => {
  it('an allowlisted model in the default region passes', () => {
    expect(() => assertPinned(M, 'us-east-1', { models: [M] })).not.toThrow();
  });

  it.each([
    [
      'a model not on the list',
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
      'us-east-1',
      { models: [M] },
      'MODEL_NOT_ALLOWED',
    ],
    ['a region other than the default', M, 'us-west-2', { models: [M] }, 'REGION_NOT_ALLOWED'],
    [
      'a region off the list',
      M,
      'eu-west-1',
      { models: [M], regions: ['us-east-1', 'us-west-2'] },
      'REGION_NOT_ALLOWED',
    ],
    [
      'a us. profile in strict mode',
      `us.${M}`,
      'us-east-1',
      { models: [`us.${M}`] },
      'CROSS_REGION_PROFILE_REFUSED',
    ],
    [
      'a global. profile in strict mode',
      `global.${M}`,
      'us-east-1',
      { models: [`global.${M}`] },
      'CROSS_REGION_PROFILE_REFUSED',
    ],
    [
      'an eu. profile in strict mode',
      `eu.${M}`,
      'us-east-1',
      { models: [`eu.${M}`] },
      'CROSS_REGION_PROFILE_REFUSED',
    ],
    [
      'an apac. profile in strict mode',
      `apac.${M}`,
      'us-east-1',
      { models: [`apac.${M}`] },
      'CROSS_REGION_PROFILE_REFUSED',
    ],
    [
      'an inference-profile ARN in strict mode',
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${M}`,
      'us-east-1',
      { models: [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${M}`] },
      'CROSS_REGION_PROFILE_REFUSED',
    ],
    [
      'a foundation-model ARN of another region',
      `arn:aws:bedrock:us-west-2::foundation-model/${M}`,
      'us-east-1',
      { models: [`arn:aws:bedrock:us-west-2::foundation-model/${M}`] },
      'REGION_NOT_ALLOWED',
    ],
    ['an empty model id', '', 'us-east-1', { models: [M] }, 'MODEL_NOT_ALLOWED'],
    ['a non-string model id', 42, 'us-east-1', { models: [M] }, 'MODEL_NOT_ALLOWED'],
    ['a missing region', M, undefined, { models: [M] }, 'REGION_NOT_ALLOWED'],
    ['an empty allowlist', M, 'us-east-1', { models: [] }, 'INVALID_PIN'],
    ['no pin object', M, 'us-east-1', undefined, 'INVALID_PIN'],
  ])('%s is refused with a ConfigError', (_name, model, region, pin, code) => {
    expect(() => assertPinned(model, region, pin as never)).toThrow(
      expect.objectContaining({ code, fault: 'config' }),
    );
  });

  it('a cross-region profile passes only when strict mode is switched off explicitly', () => {
    expect(() => assertPinned(`us.${M}`, 'us-east-1', { models: [`us.${M}`], strict: false })).not.toThrow();
  });

  it('recognizes cross-region profiles and nothing else', () => {
    expect(isCrossRegionProfile(`us.${M}`)).toBe(true);
    expect(isCrossRegionProfile(`arn:aws:bedrock:us-east-1:1:application-inference-profile/abc`)).toBe(true);
    expect(isCrossRegionProfile(M)).toBe(false);
    expect(isCrossRegionProfile('amazon.nova-pro-v1:0')).toBe(false);
  });
});
