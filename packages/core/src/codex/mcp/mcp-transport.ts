import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CodexError, tailLines } from '../errors';
import { cancelledByError, modelFailureError, timeoutError } from '../failures';
import { commandOf } from '../launcher';
import { startMcpStdioTransport, type DetachedStdioTransport } from '../process';
import type { AttemptContext, AttemptResult, Transport } from '../transport';
import type { CodexCallOptions } from '../types';
import { buildToolCall } from './mcp-arguments';
import { McpTurnTracker } from './mcp-events';

/** A server offering the `codex` / `codex-reply` tools. Default: `<codex> mcp-server` (0.153.x and older). */
export interface McpServerCommand {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

const CALL_MARKER = 'nx-codex/call';
/** The SDK's own request timeout is only a backstop behind ours. */
const SDK_TIMEOUT_SLACK_MS = 30_000;

type Json = Record<string, unknown>;
type NotificationRoute = (msg: Json) => void;

/** One running server and the calls in flight on it, told apart by JSON-RPC request id. */
class McpSession {
  private readonly handlersByMarker = new Map<string, NotificationRoute>();
  private readonly idsByMarker = new Map<string, string | number>();
  private readonly routes = new Map<string | number, NotificationRoute>();

  constructor(
    readonly client: Client,
    readonly transport: DetachedStdioTransport,
    readonly command: string[],
  ) {
    // The SDK picks request ids itself: we learn a call's id when its tagged request goes out.
    transport.onoutgoing = (message: JSONRPCMessage) => {
      const request = message as { id?: string | number; method?: string; params?: { _meta?: Json } };
      const marker = request.params?._meta?.[CALL_MARKER];
      const handler = typeof marker === 'string' ? this.handlersByMarker.get(marker) : undefined;
      if (request.method !== 'tools/call' || request.id === undefined || !handler) return;
      this.idsByMarker.set(marker as string, request.id);
      this.routes.set(request.id, handler);
    };
    client.fallbackNotificationHandler = async (notification) => {
      if (notification.method !== 'codex/event') return;
      const params = (notification.params ?? {}) as { _meta?: { requestId?: string | number }; msg?: Json };
      const requestId = params._meta?.requestId;
      const route = requestId === undefined ? undefined : this.routes.get(requestId);
      if (route && params.msg) route(params.msg);
    };
  }

  /** Sends the `codex/event` notifications of the call tagged `marker` to `handler`. */
  route(marker: string, handler: NotificationRoute): () => void {
    this.handlersByMarker.set(marker, handler);
    return () => {
      this.handlersByMarker.delete(marker);
      const id = this.idsByMarker.get(marker);
      this.idsByMarker.delete(marker);
      if (id !== undefined) this.routes.delete(id);
    };
  }
}

let callCounter = 0;

/** `codex mcp-server` (legacy, 0.153.x) or a compatible server; one server per environment, reused. */
export class McpTransport implements Transport {
  readonly name = 'mcp' as const;
  private readonly sessions = new Map<string, Promise<McpSession>>();

  /** Without `command`: `<codex> mcp-server` (`args` replace `mcp-server`). */
  constructor(private readonly server: Partial<McpServerCommand> = {}) {}

  async attempt(options: CodexCallOptions, context: AttemptContext): Promise<AttemptResult> {
    const call = buildToolCall(options);
    const session = await this.session(context);
    const tracker = new McpTurnTracker();
    const marker = `${process.pid}-${++callCounter}`;
    const unroute = session.route(marker, (msg) => {
      const event = tracker.handle(msg);
      if (event) context.emit(event);
    });

    const controller = new AbortController();
    let stop: 'timeout' | 'aborted' | undefined;
    const timer = setTimeout(() => {
      stop ??= 'timeout';
      controller.abort();
    }, context.timeoutMs);
    const onAbort = (): void => {
      stop ??= 'aborted';
      controller.abort();
    };
    if (context.signal?.aborted) onAbort();
    else context.signal?.addEventListener('abort', onAbort, { once: true });

    const details = (): { command: string[]; stderrTail: string } => ({
      command: session.command,
      stderrTail: tailLines(session.transport.stderr),
    });
    let result: CallToolResult;
    try {
      result = (await session.client.callTool(
        { name: call.name, arguments: call.arguments, _meta: { [CALL_MARKER]: marker } },
        undefined,
        {
          signal: controller.signal,
          timeout: context.timeoutMs + SDK_TIMEOUT_SLACK_MS,
        },
      )) as CallToolResult;
    } catch (error) {
      if (session.transport.interrupted) throw cancelledByError('interrupted', details());
      if (stop === 'timeout') throw timeoutError(context.timeoutMs, details());
      if (stop === 'aborted') throw cancelledByError('aborted', details());
      throw new CodexError(
        `The MCP call to ${session.command.join(' ')} failed: ${(error as Error).message}. See the server's stderr below.`,
        {
          ...details(),
          kind: 'spawn',
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
      unroute();
    }

    const structured = (result.structuredContent ?? {}) as { threadId?: string; content?: string };
    const text =
      structured.content ??
      (result.content ?? [])
        .filter((part): part is { type: 'text'; text: string } => part.type === 'text')
        .map((part) => part.text)
        .join('\n');
    if (result.isError)
      throw modelFailureError(text || tracker.collector.failure || 'the codex tool reported an error', details());
    return {
      threadId: structured.threadId ?? tracker.collector.threadId,
      text,
      threadUsage: tracker.threadUsage,
      turnUsage: tracker.turnUsage,
    };
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map(async (pending) => (await pending.catch(() => undefined))?.client.close()));
  }

  private session(context: AttemptContext): Promise<McpSession> {
    const codex = commandOf(context.binary.path);
    const file = this.server.command ?? codex.file;
    const prefixArgs = this.server.command
      ? (this.server.args ?? [])
      : [...codex.prefixArgs, ...(this.server.args ?? ['mcp-server'])];
    const env = { ...context.env, ...(this.server.env ?? {}) };
    const key = JSON.stringify([file, prefixArgs, env]);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const forget = (): void => {
      if (this.sessions.get(key) === pending) this.sessions.delete(key);
    };
    const pending = this.connect(file, prefixArgs, env, context.killGraceMs, forget);
    this.sessions.set(key, pending);
    pending.catch(forget);
    return pending;
  }

  /** Starts the server; `onGone` runs when it exits, so the next call starts a new one. */
  private async connect(
    file: string,
    args: string[],
    env: Record<string, string | undefined>,
    killGraceMs: number,
    onGone: () => void,
  ): Promise<McpSession> {
    const transport = await startMcpStdioTransport({ command: file, args, env, killGraceMs });
    const client = new Client({ name: 'nx-codex', version: '0.1.0' });
    const command = [file, ...args];
    // Set before connect(): the SDK chains its own close handler onto this one.
    transport.onclose = onGone;
    try {
      await client.connect(transport);
    } catch (error) {
      await transport.close().catch(() => undefined);
      const said = transport.stderr.split('\n').find((line) => /error/i.test(line));
      const why = said ? ` (it said: ${said.trim()})` : '';
      throw new CodexError(
        `Could not start the MCP server \`${command.join(' ')}\`: ${(error as Error).message}${why}. Check the mcpServer command, or use the exec transport.`,
        {
          kind: 'spawn',
          command,
          stderrTail: tailLines(transport.stderr),
          cause: error,
        },
      );
    }
    return new McpSession(client, transport, command);
  }
}
