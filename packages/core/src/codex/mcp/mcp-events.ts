import { TurnCollector } from '../turn-collector';
import type { CodexEvent, CodexUsage } from '../types';
import { emptyUsage, subtractUsage, usageFromCodex } from '../usage';

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** argv as one shell line, quoted the way `codex exec --json` shows commands. */
function commandText(command: unknown): string {
  return Array.isArray(command) ? command.map((word) => shellWord(String(word))).join(' ') : (str(command) ?? '');
}

/** `{path: {type: "add", …}}` or `{path: {add: {…}}}` to our change list. */
function changesOf(changes: unknown): Array<{ path: string; kind: string }> {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, unknown>).map(([file, change]) => {
    const body = (change ?? {}) as Json;
    const kind = str(body.type) ?? Object.keys(body)[0] ?? 'update';
    return { path: file, kind };
  });
}

/**
 * Follows one tool call's `codex/event` notifications (`params.msg`) of the legacy
 * `codex mcp-server` and turns them into the events `codex exec --json` would have given.
 * Usage: `token_count.info.total_token_usage` is the thread's running total; the total before
 * this call is the first total seen minus that response's `last_token_usage`.
 */
export class McpTurnTracker {
  readonly collector = new TurnCollector();
  private totalBefore?: CodexUsage;
  private total?: CodexUsage;
  private readonly pendingPatches = new Map<string, Array<{ path: string; kind: string }>>();

  get threadUsage(): CodexUsage {
    return this.total ?? emptyUsage();
  }

  get turnUsage(): CodexUsage {
    return this.total ? subtractUsage(this.total, this.totalBefore ?? emptyUsage()) : emptyUsage();
  }

  handle(msg: Json): CodexEvent | undefined {
    const event = this.map(msg);
    if (event) this.collector.add(event);
    return event;
  }

  private map(msg: Json): CodexEvent | undefined {
    switch (msg.type) {
      case 'session_configured': {
        const threadId = str(msg.thread_id) ?? str(msg.session_id);
        return threadId ? { type: 'thread.started', threadId } : undefined;
      }
      case 'task_started':
        return { type: 'turn.started' };
      case 'agent_message':
        return { type: 'agent_message', text: str(msg.message) ?? '' };
      case 'agent_reasoning':
        return { type: 'reasoning', text: str(msg.text) ?? '' };
      case 'exec_command_begin':
        return { type: 'command', command: commandText(msg.command), status: 'in_progress' };
      case 'exec_command_end': {
        const exitCode = typeof msg.exit_code === 'number' ? msg.exit_code : undefined;
        const output = str(msg.aggregated_output) ?? str(msg.formatted_output) ?? str(msg.stdout);
        return {
          type: 'command',
          command: commandText(msg.command),
          status: exitCode === 0 ? 'completed' : 'failed',
          ...(exitCode === undefined ? {} : { exitCode }),
          ...(output === undefined ? {} : { output }),
        };
      }
      case 'patch_apply_begin':
        this.pendingPatches.set(str(msg.call_id) ?? '', changesOf(msg.changes));
        return undefined;
      case 'patch_apply_end': {
        const changes = this.pendingPatches.get(str(msg.call_id) ?? '') ?? changesOf(msg.changes);
        return { type: 'file_change', changes, status: msg.success === false ? 'failed' : 'completed' };
      }
      case 'token_count':
        this.trackUsage(msg.info as Json | null | undefined);
        return undefined;
      case 'task_complete':
        return { type: 'turn.completed', usage: this.turnUsage };
      case 'error':
        return { type: 'turn.failed', message: str(msg.message) ?? 'codex reported an error' };
      case 'stream_error':
      case 'warning':
        return { type: 'warning', message: str(msg.message) ?? '' };
      default:
        return undefined;
    }
  }

  private trackUsage(info: Json | null | undefined): void {
    if (!info || typeof info !== 'object' || !info.total_token_usage) return;
    const total = usageFromCodex(info.total_token_usage);
    if (!this.totalBefore) this.totalBefore = subtractUsage(total, usageFromCodex(info.last_token_usage));
    this.total = total;
  }
}
