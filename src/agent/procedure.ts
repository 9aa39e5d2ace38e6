/**
 * Procedures: scoped runs an operator can reuse ("rotate the PPP secret of one user"). A procedure
 * fixes the instructions, validates its arguments with zod, lists the only tools the run may call, caps
 * the turns and states its success criteria. The runner enforces the tool list on every call.
 */
import type { z } from 'zod';
import { ConfigError, describeValue, UsageError } from '../errors.js';

/** What the final check of a procedure sees. */
export interface ProcedureOutcome {
  /** The model's final text. */
  readonly text: string;
  readonly turns: number;
  /** Redacted results of the tool calls, in order. */
  readonly results: ReadonlyArray<{
    readonly tool: string;
    readonly status: 'success' | 'error';
    readonly content: string;
  }>;
}

export interface Procedure<A = unknown> {
  readonly name: string;
  /** Instructions given to the model; a function receives the validated arguments. */
  readonly instructions: string | ((args: A) => string);
  readonly arguments?: z.ZodType<A>;
  /** The only tools the run may call (names from the catalog). */
  readonly allowedTools: readonly string[];
  /** Default 10. */
  readonly maxTurns?: number;
  readonly successCriteria?: {
    /** Told to the model as the definition of done. */
    readonly description: readonly string[];
    /** Judged by the runner on the outcome; a false result ends the run with status `error`. */
    readonly check?: (outcome: ProcedureOutcome) => boolean;
  };
}

/**
 * Declares a procedure. Throws `ConfigError` (`PROCEDURE_INVALID`) for a missing name or tool list.
 * @example
 * const audit = defineProcedure({ name: 'read-config', instructions: 'Export the configuration.',
 *   allowedTools: ['run_command'], maxTurns: 4 });
 */
export function defineProcedure<A>(procedure: Procedure<A>): Procedure<A> {
  if (typeof procedure?.name !== 'string' || procedure.name.length === 0 || procedure.name.length > 256) {
    throw new ConfigError(
      'PROCEDURE_INVALID',
      `"name" expected 1-256 characters, got ${describeValue(procedure?.name)}`,
    );
  }
  if (!Array.isArray(procedure.allowedTools)) {
    throw new ConfigError(
      'PROCEDURE_INVALID',
      `"allowedTools" expected an array, got ${describeValue(procedure.allowedTools)}`,
    );
  }
  const maxTurns = procedure.maxTurns ?? 10;
  if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > 200) {
    throw new ConfigError('PROCEDURE_INVALID', '"maxTurns" expected an integer from 1 to 200');
  }
  return Object.freeze({ ...procedure });
}

/**
 * The procedure's instructions for validated arguments. Throws `UsageError` (`PROCEDURE_ARGS_INVALID`)
 * naming the failing paths, never the values.
 * @example
 * const text = renderProcedure(proc, { user: 'alice' });
 */
export function renderProcedure<A>(procedure: Procedure<A>, args: unknown): string {
  let parsed = args as A;
  if (procedure.arguments) {
    const result = procedure.arguments.safeParse(args);
    if (!result.success) {
      const paths = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new UsageError(
        'PROCEDURE_ARGS_INVALID',
        `procedure "${procedure.name}" arguments invalid at: ${paths}`,
      );
    }
    parsed = result.data;
  }
  const body =
    typeof procedure.instructions === 'function' ? procedure.instructions(parsed) : procedure.instructions;
  const criteria = procedure.successCriteria?.description ?? [];
  return criteria.length === 0 ? body : `${body}\n\nDone when:\n${criteria.map((c) => `- ${c}`).join('\n')}`;
}
