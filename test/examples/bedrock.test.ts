import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../examples/noc-agent/exit-codes.js';
import { SEEDED_SECRETS } from '../../src/transports/simulator/state.js';
import {
  type BedrockEndpoint,
  requestJson,
  startBedrockEndpoint,
} from '../agent/support/bedrock-endpoint.js';
import { runDemo, runInProcess } from './run-demo.js';

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const dir = mkdtempSync(join(tmpdir(), 'noc-bedrock-'));
let endpoint: BedrockEndpoint | undefined;
afterAll(async () => {
  await endpoint?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A model that reads the interfaces, asks for the sensitive export, then concludes. */
function lastToolResultText(body: Record<string, unknown>): string {
  const messages = body.messages as { content: { toolResult?: { content: { text: string }[] } }[] }[];
  const last = messages.at(-1)?.content.find((c) => c.toolResult !== undefined);
  return last?.toolResult?.content.map((c) => c.text).join('') ?? '';
}

describe('--model bedrock, against a local endpoint through the SDK endpoint configuration', () => {
  it('uses AWS_ENDPOINT_URL_BEDROCK_RUNTIME and the standard credential chain; without a terminal every approval is denied (exit 3)', async () => {
    endpoint = await startBedrockEndpoint((req, index) => {
      if (index === 0) {
        return {
          kind: 'turn',
          content: [{ toolUse: { id: 'tu-1', name: 'run_command', input: { command: '/interface print' } } }],
        };
      }
      if (index === 1) {
        expect(lastToolResultText(requestJson(req))).toContain('vlan20');
        return {
          kind: 'turn',
          content: [
            { toolUse: { id: 'tu-2', name: 'run_command', input: { command: '/export show-sensitive' } } },
          ],
        };
      }
      return { kind: 'turn', content: [{ text: 'The export was not approved; stopping.' }] };
    });
    const r = await runDemo(
      [
        '--model',
        'bedrock',
        '--model-id',
        MODEL_ID,
        '--region',
        'us-east-1',
        '--vault',
        join(dir, 's'),
        '--audit',
        join(dir, 'a.jsonl'),
      ],
      {
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint.url,
        AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
        AWS_SECRET_ACCESS_KEY: 'local-test-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      },
    );
    expect(r.stdout, r.stderr).toContain(`Amazon Bedrock ${MODEL_ID} in us-east-1 (pinned)`);
    expect(r.stdout, r.stderr).toContain('no terminal to ask: denied');
    expect(endpoint.requests.map((q) => q.modelId)).toEqual([MODEL_ID, MODEL_ID, MODEL_ID]);
    expect(endpoint.requests[0]!.operation).toBe('converse-stream');
    expect(lastToolResultText(requestJson(endpoint.requests[2]!))).toContain('not approved');
    const sent = endpoint.allBytes().toString('utf8');
    for (const [name, value] of Object.entries(SEEDED_SECRETS)) {
      expect(sent.includes(value), `${name} reached the model endpoint`).toBe(false);
    }
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.stoppedAfterDenial);
  }, 60_000);

  it('a model id outside the pin never leaves the process: a cross-region profile is a configuration error', async () => {
    const r = await runInProcess(
      [
        '--model',
        'bedrock',
        '--model-id',
        `us.${MODEL_ID}`,
        '--vault',
        join(dir, 'x'),
        '--audit',
        join(dir, 'x.jsonl'),
      ],
      { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9' },
    );
    expect(r.stderr).toMatch(/^noc-agent: configuration error: .*\[CROSS_REGION_PROFILE_REFUSED\]/);
    expect(r.stdout, r.stderr).not.toContain('device ');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.configError);
  }, 60_000);
});
