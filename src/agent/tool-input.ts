/**
 * Validation of what the model proposes, before anything else looks at it: an unknown tool, a tool
 * outside the procedure, input that is not JSON, is too large or fails the schema all become a tool
 * error for the model, never an execution. Error texts name paths and zod issue codes, never values.
 */
import type { ProposedToolUse } from './model.js';
import type { AgentTool } from './tools.js';

export type ToolInputCheck =
  | { readonly ok: true; readonly tool: AgentTool; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly code: ToolInputErrorCode; readonly message: string };

export type ToolInputErrorCode =
  | 'TOOL_UNKNOWN'
  | 'TOOL_NOT_ALLOWED'
  | 'TOOL_INPUT_TOO_LARGE'
  | 'TOOL_INPUT_NOT_JSON'
  | 'TOOL_INPUT_INVALID';

/**
 * Checks one proposed tool use against the catalog, the procedure's allowed list and the size cap.
 * @example
 * const check = checkToolInput(proposed, catalog, { maxInputChars: 16_384 });
 * if (!check.ok) returnToolError(check.message);
 */
export function checkToolInput(
  proposed: ProposedToolUse,
  catalog: ReadonlyMap<string, AgentTool>,
  options: { readonly maxInputChars: number; readonly allowedTools?: ReadonlySet<string> },
): ToolInputCheck {
  const tool = catalog.get(proposed.name);
  if (tool === undefined) {
    return { ok: false, code: 'TOOL_UNKNOWN', message: `unknown tool "${printableName(proposed.name)}"` };
  }
  if (options.allowedTools && !options.allowedTools.has(tool.name)) {
    return {
      ok: false,
      code: 'TOOL_NOT_ALLOWED',
      message: `tool "${tool.name}" is not allowed in this procedure`,
    };
  }
  if (proposed.inputTruncated === true || proposed.input.length > options.maxInputChars) {
    return {
      ok: false,
      code: 'TOOL_INPUT_TOO_LARGE',
      message: `tool input exceeds ${options.maxInputChars} characters`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(proposed.input === '' ? '{}' : proposed.input);
  } catch {
    return { ok: false, code: 'TOOL_INPUT_NOT_JSON', message: 'tool input is not valid JSON' };
  }
  const result = tool.input.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.code}`)
      .join('; ');
    return {
      ok: false,
      code: 'TOOL_INPUT_INVALID',
      message: `tool input does not match the schema (${issues})`,
    };
  }
  if (typeof result.data !== 'object' || result.data === null || Array.isArray(result.data)) {
    return { ok: false, code: 'TOOL_INPUT_INVALID', message: 'tool input must be a JSON object' };
  }
  return { ok: true, tool, input: result.data as Record<string, unknown> };
}

/** A model-chosen name echoed back only when it looks like a tool name. */
function printableName(name: string): string {
  return /^[a-zA-Z0-9_-]{1,64}$/.test(name) ? name : `(${name.length} characters)`;
}
