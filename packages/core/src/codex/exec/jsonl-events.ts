import type { CodexEvent } from '../types';
import { usageFromCodex } from '../usage';

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function itemEvent(phase: 'started' | 'updated' | 'completed', item: Json): CodexEvent | undefined {
  switch (item.type) {
    case 'agent_message':
      return phase === 'completed' ? { type: 'agent_message', text: str(item.text) ?? '' } : undefined;
    case 'reasoning':
      return phase === 'completed' ? { type: 'reasoning', text: str(item.text) ?? '' } : undefined;
    case 'command_execution':
      return {
        type: 'command',
        command: str(item.command) ?? '',
        status: str(item.status) ?? (phase === 'completed' ? 'completed' : 'in_progress'),
        ...(typeof item.exit_code === 'number' ? { exitCode: item.exit_code } : {}),
        ...(typeof item.aggregated_output === 'string' && phase === 'completed'
          ? { output: item.aggregated_output }
          : {}),
      };
    case 'file_change':
      if (phase !== 'completed') return undefined;
      return {
        type: 'file_change',
        changes: (Array.isArray(item.changes) ? (item.changes as Json[]) : []).map((change) => ({
          path: str(change.path) ?? '',
          kind: str(change.kind) ?? 'update',
        })),
        ...(str(item.status) ? { status: str(item.status) } : {}),
      };
    case 'error':
      return phase === 'completed' ? { type: 'warning', message: str(item.message) ?? '' } : undefined;
    default:
      return undefined;
  }
}

/**
 * One line of `codex exec --json` as our event, or undefined for lines we do not surface
 * (item.updated, todo lists, web searches, anything that is not a JSON object).
 * A top-level `error` is not fatal by itself ("Reconnecting... 1/5"): it becomes a warning, and
 * the turn fails only with `turn.failed` or a non-zero exit.
 */
export function parseExecLine(line: string): CodexEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let event: Json;
  try {
    event = JSON.parse(trimmed) as Json;
  } catch {
    return undefined;
  }
  switch (event.type) {
    case 'thread.started':
      return str(event.thread_id) ? { type: 'thread.started', threadId: str(event.thread_id) as string } : undefined;
    case 'turn.started':
      return { type: 'turn.started' };
    case 'item.started':
    case 'item.updated':
    case 'item.completed': {
      const item = event.item as Json | undefined;
      return item && typeof item === 'object'
        ? itemEvent(event.type.slice(5) as 'started' | 'updated' | 'completed', item)
        : undefined;
    }
    case 'turn.completed':
      return { type: 'turn.completed', usage: usageFromCodex(event.usage) };
    case 'turn.failed':
      return { type: 'turn.failed', message: str((event.error as Json | undefined)?.message) ?? 'the turn failed' };
    case 'error':
      return { type: 'warning', message: str(event.message) ?? '' };
    default:
      return undefined;
  }
}
