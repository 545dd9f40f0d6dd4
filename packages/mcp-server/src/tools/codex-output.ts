import { stripControls, type CodexResult } from '@nx-codex/core';
import type { JsonObjectSchema, ToolResult } from '../tool';

/** The output schema of the legacy `codex mcp-server` (0.153.4) tools, verbatim. */
export const CODEX_OUTPUT_SCHEMA: JsonObjectSchema = {
  type: 'object',
  properties: { threadId: { type: 'string' }, content: { type: 'string' } },
  required: ['threadId', 'content'],
};

/**
 * What the legacy server returned for a finished turn: the last agent message, twice. The message
 * is the model's text: core's sanitiser takes out escape sequences, control and bidi characters
 * (the caller may print it to a terminal), and keeps the line breaks.
 */
export function codexToolResult(result: CodexResult): ToolResult {
  const threadId = result.threadId ?? '';
  const text = stripControls(result.text, { multiline: true });
  return { text, structured: { threadId, content: text } };
}
