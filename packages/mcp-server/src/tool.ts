import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod/v4';
import type { CodexRunner } from './codex-runner';

/** What a tool needs from the server while it runs one call. */
export interface ToolContext {
  workspaceRoot: string;
  /** The server was started with `--allow-danger-full-access`. */
  allowDangerFullAccess: boolean;
  /** Aborted when the client cancels the request or the server shuts down. */
  signal: AbortSignal;
  /** One `notifications/progress` (when the client sent a progressToken) and one info log line. */
  progress(message: string): void;
  log(level: LoggingLevel, message: string): void;
  /** The server's Codex client and the threads it started. */
  codex: CodexRunner;
}

export interface ToolResult {
  /** The text content the client shows. */
  text: string;
  structured?: Record<string, unknown>;
  isError?: boolean;
}

export type JsonObjectSchema = {
  type: 'object';
  properties?: Record<string, object>;
  required?: string[];
  [key: string]: unknown;
};

export interface ToolSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  /** What tools/list shows. */
  inputSchema: JsonObjectSchema;
  outputSchema?: JsonObjectSchema;
  /** Parses and checks the call's arguments; its errors become the tool's error text. */
  args: S;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** A failure the caller can fix: its message goes back to the client as the tool's error text. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** Identity helper that keeps the link between a tool's `args` schema and its `run` parameter. */
export function defineTool<S extends z.ZodType>(spec: ToolSpec<S>): ToolSpec<S> {
  return spec;
}
