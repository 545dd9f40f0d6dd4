import { CodexError } from '../errors';
import type { CodexCallOptions } from '../types';

export interface ToolCall {
  name: 'codex' | 'codex-reply';
  arguments: Record<string, unknown>;
}

/** The values the legacy server's `approval-policy` argument accepts; others go through `config`. */
const TOOL_APPROVAL_POLICIES = new Set(['on-request', 'never']);

/**
 * The legacy server has no --output-schema: the schema goes into the prompt, and the client
 * still validates the answer.
 */
export function promptWithSchema(prompt: string, schema: Record<string, unknown>): string {
  return (
    `${prompt}\n\n` +
    'Reply with a single JSON value and nothing else (no prose, no Markdown fence). ' +
    'It must validate against this JSON Schema:\n' +
    `${JSON.stringify(schema, null, 2)}\n`
  );
}

/**
 * `codex` (new thread) or `codex-reply` (resumeThreadId) arguments. Settings travel in the
 * call's `config` object: `-c` given to `codex mcp-server` does not reach its sessions.
 */
export function buildToolCall(options: CodexCallOptions): ToolCall {
  const prompt = options.outputSchema ? promptWithSchema(options.prompt, options.outputSchema) : options.prompt;
  if (options.resumeThreadId !== undefined) {
    return { name: 'codex-reply', arguments: { prompt, threadId: options.resumeThreadId } };
  }
  if (options.profile) {
    throw new CodexError(
      `The mcp transport cannot select a codex profile ("${options.profile}"): the codex tool has no profile argument. Use the exec transport, or pass the profile's settings in \`config\`.`,
      { kind: 'invalid-options' },
    );
  }
  const config: Record<string, unknown> = { ...(options.config ?? {}) };
  const args: Record<string, unknown> = { prompt, cwd: options.cwd };
  if (options.sandbox) args.sandbox = options.sandbox;
  if (options.approvalPolicy) {
    if (TOOL_APPROVAL_POLICIES.has(options.approvalPolicy)) args['approval-policy'] = options.approvalPolicy;
    else config.approval_policy = options.approvalPolicy;
  }
  if (options.model) args.model = options.model;
  if (options.baseInstructions !== undefined) args['base-instructions'] = options.baseInstructions;
  if (options.developerInstructions !== undefined) args['developer-instructions'] = options.developerInstructions;
  if (Object.keys(config).length > 0) args.config = config;
  return { name: 'codex', arguments: args };
}
