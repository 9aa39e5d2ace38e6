import { describe, expectTypeOf, it } from 'vitest';
import type {
  Classification as ClassifierResult,
  ToolCall as ClassifierToolCall,
} from '../../src/classifier/index.js';
import type { Action } from '../../src/gate/index.js';
import type { Classification } from '../../src/trust/index.js';

describe('structural compatibility', () => {
  it("the classifier's result satisfies trust's Classification without an import between them", () => {
    expectTypeOf<ClassifierResult>().toExtend<Classification>();
  });
  it('a gate action is a tool call as the classifier knows it', () => {
    expectTypeOf<Action>().toHaveProperty('tool').toEqualTypeOf<string>();
    expectTypeOf<ClassifierToolCall>().not.toBeNever();
  });
});
