import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { formatError } from '@nx-codex/core';
import { CodexRunner } from './codex-runner';
import { parseArgs } from './parse-args';
import { ToolError, type ToolContext, type ToolSpec } from './tool';
import { codexTool } from './tools/codex';
import { codexReplyTool } from './tools/codex-reply';
import { generateTestsTool } from './tools/generate-tests';
import { getReviewTool } from './tools/get-review';
import { listProjectsTool } from './tools/list-projects';
import { reviewProjectTool } from './tools/review-project';

export interface NxCodexServerOptions {
  /** Absolute path of the workspace the server serves; every path argument must stay inside it. */
  workspaceRoot: string;
  /** Allow a call to ask for sandbox "danger-full-access". */
  allowDangerFullAccess?: boolean;
  version?: string;
}

export const TOOLS: readonly ToolSpec[] = [
  codexTool,
  codexReplyTool,
  listProjectsTool,
  reviewProjectTool,
  getReviewTool,
  generateTestsTool,
];

export interface NxCodexServer {
  server: Server;
  /** Cancels every running call (their codex and nx processes stop) and waits for them to settle. */
  shutdown(): Promise<void>;
}

function errorResult(error: unknown): CallToolResult {
  const text = error instanceof ToolError ? error.message : formatError(error);
  return { content: [{ type: 'text', text }], isError: true };
}

const INSTRUCTIONS =
  'Codex (OpenAI) inside this Nx workspace: `codex`/`codex-reply` run Codex sessions like the old `codex mcp-server`; ' +
  'list_projects, review_project, get_review and generate_tests run the cached Nx targets codex-review and codex-generate-tests.';

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function createNxCodexServer(options: NxCodexServerOptions): NxCodexServer {
  const server = new Server(
    { name: 'nx-codex-mcp', title: 'Nx Codex', version: options.version ?? '0.0.0' },
    { capabilities: { tools: {}, logging: {} }, instructions: INSTRUCTIONS },
  );
  const codex = new CodexRunner(options.workspaceRoot);
  const running = new Set<{ controller: AbortController; done: Promise<unknown> }>();

  const log = (level: LoggingLevel, data: string) => {
    server.sendLoggingMessage({ level, logger: 'nx-codex', data }).catch(() => undefined);
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = TOOLS.find((t) => t.name === request.params.name);
    if (!tool)
      return errorResult(
        new ToolError(`Unknown tool "${request.params.name}". Tools: ${TOOLS.map((t) => t.name).join(', ')}.`),
      );
    const controller = new AbortController();
    const onCancel = () => controller.abort(extra.signal.reason);
    extra.signal.addEventListener('abort', onCancel, { once: true });
    const ctx: ToolContext = {
      workspaceRoot: options.workspaceRoot,
      allowDangerFullAccess: options.allowDangerFullAccess ?? false,
      signal: controller.signal,
      codex,
      log: (level, message) => log(level, `${tool.name}: ${message}`),
      progress: progressReporter(extra, controller.signal, (message) => log('info', `${tool.name}: ${message}`)),
    };
    const entry = { controller, done: callTool(tool, request.params.arguments, ctx) };
    running.add(entry);
    try {
      return await entry.done;
    } finally {
      running.delete(entry);
      extra.signal.removeEventListener('abort', onCancel);
    }
  });

  return {
    server,
    async shutdown() {
      const calls = [...running];
      for (const { controller } of calls) controller.abort(new Error('the MCP server is shutting down'));
      await Promise.all(calls.map(({ done }) => done.catch(() => undefined)));
      await codex.close().catch(() => undefined);
    },
  };
}

/** Runs one call: arguments checked against the tool's schema; an error becomes an error result (and a log line). */
async function callTool(tool: ToolSpec, rawArgs: unknown, ctx: ToolContext): Promise<CallToolResult> {
  try {
    const args = parseArgs(tool.name, tool.args, tool.inputSchema, rawArgs);
    const result = await tool.run(args, ctx);
    return {
      content: [{ type: 'text', text: result.text }],
      ...(result.structured && { structuredContent: result.structured }),
      ...(result.isError && { isError: true }),
    };
  } catch (error) {
    ctx.log('error', error instanceof ToolError ? error.message : formatError(error));
    return errorResult(error);
  }
}

/**
 * A call's progress: a numbered progress notification when the client asked for them (by a
 * progress token) and the call is not cancelled, and always a log line.
 */
function progressReporter(extra: CallExtra, signal: AbortSignal, logLine: (message: string) => void) {
  const progressToken = extra._meta?.progressToken;
  let progress = 0;
  return (message: string) => {
    progress += 1;
    if (progressToken !== undefined && !signal.aborted) {
      extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
        .catch(() => undefined);
    }
    logLine(message);
  };
}
