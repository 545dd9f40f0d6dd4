import { CodexError } from '../errors';
import {
  cancelledByError,
  modelFailureError,
  RECONNECT_LOOP,
  timeoutError,
  unreachableProviderError,
} from '../failures';
import type { AttemptContext, AttemptResult } from '../transport';
import { TurnCollector } from '../turn-collector';
import type { CodexCallOptions, CodexEvent, CodexUsage } from '../types';
import type { AppServerConnection, AppServerNotification, ConnectionEnd } from './app-server-connection';

interface UsageBreakdown {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}

/** `thread/start`: the settings `codex exec` takes as flags (`-s`, `-m`, `--ephemeral`, instructions). */
export function threadStartParams(options: Omit<CodexCallOptions, 'prompt'>): Record<string, unknown> {
  return {
    cwd: options.cwd,
    ...(options.model ? { model: options.model } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.approvalPolicy ? { approvalPolicy: options.approvalPolicy } : {}),
    ...(options.baseInstructions !== undefined ? { baseInstructions: options.baseInstructions } : {}),
    ...(options.developerInstructions !== undefined ? { developerInstructions: options.developerInstructions } : {}),
    ephemeral: options.ephemeral !== false,
  };
}

function usageOf(breakdown: UsageBreakdown): CodexUsage {
  return {
    inputTokens: breakdown.inputTokens,
    cachedInputTokens: breakdown.cachedInputTokens,
    outputTokens: breakdown.outputTokens,
    reasoningOutputTokens: breakdown.reasoningOutputTokens,
  };
}

/** The app-server's notifications as the events `codex exec --json` gives (jsonl-events.ts), so one collector serves both. */
function eventOf(note: AppServerNotification, usage: { total?: UsageBreakdown }): CodexEvent | undefined {
  const params = note.params;
  switch (note.method) {
    case 'item/completed': {
      const item = params.item as { type?: string; text?: unknown };
      return item?.type === 'agentMessage' && typeof item.text === 'string'
        ? { type: 'agent_message', text: item.text }
        : undefined;
    }
    case 'turn/started':
      return { type: 'turn.started' };
    case 'thread/tokenUsage/updated':
      usage.total = (params.tokenUsage as { total?: UsageBreakdown })?.total;
      return undefined;
    case 'error':
      return { type: 'warning', message: String((params.error as { message?: unknown })?.message ?? 'error') };
    case 'turn/completed': {
      const turn = params.turn as { status?: string; error?: { message?: string } | null };
      if (turn?.status === 'completed')
        return {
          type: 'turn.completed',
          usage: usageOf(
            usage.total ?? { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 },
          ),
        };
      return {
        type: 'turn.failed',
        message: turn?.error?.message ?? `the turn ended ${turn?.status ?? 'without a status'}`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * One call on a fresh thread of a running app-server: `thread/start`, then `turn/start` with the
 * output schema, until `turn/completed`. The call's timeout counts from the start, thread/start
 * included (as exec's covers its whole process); timeout and abort interrupt the turn (the server
 * keeps serving the others); the server's end fails the call. `reserved`: a thread started for
 * this call ahead (AppServerTransport.prepare); when its start failed, a new one is started.
 */
export async function runAppServerTurn(
  connection: AppServerConnection,
  options: CodexCallOptions,
  context: AttemptContext,
  reserved?: Promise<{ id: string }>,
): Promise<AttemptResult> {
  const details = { command: [context.binary.path, 'app-server', '(turn/start)'] };
  const started = Date.now();
  const thread = await startThread(connection, options, context, details, reserved);
  const collector = new TurnCollector();
  const emit = collectInto(collector, context.emit);
  emit({ type: 'thread.started', threadId: thread.id });
  const usage: { total?: UsageBreakdown } = {};
  let turnId: string | undefined;
  return new Promise<AttemptResult>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
      stopListening();
      stopWatchingEnd();
      if (error) return reject(error);
      if (collector.failure) return reject(modelFailureError(collector.failure, details));
      resolve({
        threadId: thread.id,
        text: collector.lastAgentMessage ?? '',
        threadUsage: collector.usage as CodexUsage,
      });
    };
    const interrupt = (error: Error) => {
      if (turnId) interruptTurn(connection, thread.id, turnId);
      finish(error);
    };
    const stopListening = connection.onThread(thread.id, (note) => {
      const event = eventOf(note, usage);
      if (!event) return;
      emit(event);
      if (event.type === 'warning' && RECONNECT_LOOP.test(event.message))
        interrupt(unreachableProviderError(event.message, Date.now() - started, details));
      if (event.type === 'turn.completed' || event.type === 'turn.failed') finish();
    });
    const stopWatchingEnd = connection.onEnd((end: ConnectionEnd) => finish(endError(end, details)));
    const timer = setTimeout(
      () => interrupt(timeoutError(context.timeoutMs, details)),
      Math.max(0, context.timeoutMs - (Date.now() - started)),
    );
    const onAbort = () => interrupt(cancelledByError('aborted', details));
    if (context.signal?.aborted) return onAbort(); // no turn is started for a call already given up
    context.signal?.addEventListener('abort', onAbort, { once: true });
    connection
      .request<{ turn: { id: string } }>('turn/start', turnStartParams(thread.id, options))
      .then((answer) => {
        turnId = answer.turn?.id;
        // Given up (timeout, abort) before Codex said which turn it started: stop it now, so that
        // no model call runs on that nobody waits for (or books).
        if (settled && turnId) interruptTurn(connection, thread.id, turnId);
      })
      .catch((error: Error) => finish(modelFailureError(error.message, details)));
  });
}

/** Events go to the collector (the answer, usage, failure) and on to the caller. */
function collectInto(collector: TurnCollector, emit: (event: CodexEvent) => void): (event: CodexEvent) => void {
  return (event) => {
    collector.add(event);
    emit(event);
  };
}

function interruptTurn(connection: AppServerConnection, threadId: string, turnId: string): void {
  void connection.request('turn/interrupt', { threadId, turnId }).catch(() => undefined);
}

function turnStartParams(threadId: string, options: CodexCallOptions): Record<string, unknown> {
  return {
    threadId,
    input: [{ type: 'text', text: options.prompt, text_elements: [] }],
    ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
  };
}

/** `thread/start` under the call's timeout and abort signal (a stuck server fails the call too). */
function startThread(
  connection: AppServerConnection,
  options: CodexCallOptions,
  context: AttemptContext,
  details: { command: string[] },
  reserved?: Promise<{ id: string }>,
): Promise<{ id: string }> {
  const params = threadStartParams(options);
  const request = reserved?.catch(() => connection.startThread(params)) ?? connection.startThread(params);
  return new Promise((resolve, reject) => {
    const settle = (done: () => void) => {
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
      done();
    };
    const timer = setTimeout(() => settle(() => reject(timeoutError(context.timeoutMs, details))), context.timeoutMs);
    const onAbort = () => settle(() => reject(cancelledByError('aborted', details)));
    request.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
    if (context.signal?.aborted) onAbort();
    else context.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function endError(end: ConnectionEnd, details: { command: string[] }): CodexError {
  if (end.reason === 'interrupted' || end.reason === 'orphaned') return cancelledByError(end.reason, details);
  if (end.reason === 'closed') return cancelledByError('aborted', details);
  const last = end.stderr.trim().split('\n').slice(-3).join(' ').trim();
  return new CodexError(
    `codex app-server exited before the turn ended${last ? `: ${last}` : ''}. Run \`codex app-server\` by hand to see why.`,
    { ...details, kind: 'model', stderrTail: end.stderr.slice(-2000) },
  );
}
