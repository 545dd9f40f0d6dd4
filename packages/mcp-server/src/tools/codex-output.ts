import type { CodexResult } from '@nx-codex/core';
import type { JsonObjectSchema, ToolResult } from '../tool';

/** The output schema of the legacy `codex mcp-server` (0.153.4) tools, verbatim. */
export const CODEX_OUTPUT_SCHEMA: JsonObjectSchema = {
  type: 'object',
  properties: { threadId: { type: 'string' }, content: { type: 'string' } },
  required: ['threadId', 'content'],
};

/** What the legacy server returned for a finished turn: the last agent message, twice. */
export function codexToolResult(result: CodexResult): ToolResult {
  const threadId = result.threadId ?? '';
  return { text: result.text, structured: { threadId, content: result.text } };
}
