import type { CodexEvent } from '../codex/types';
import { terminalText } from '../sanitise';

/** One short line for a Codex event worth showing while a review runs, or undefined to stay quiet. */
export function describeEvent(event: CodexEvent): string | undefined {
  switch (event.type) {
    case 'thread.started':
      return 'codex started';
    case 'reasoning':
      return `thinking: ${firstLine(event.text)}`;
    case 'command':
      return event.status === 'in_progress' ? `running: ${firstLine(event.command)}` : undefined;
    case 'file_change':
      return `file change: ${terminalText(event.changes.map((c) => `${c.kind} ${c.path}`).join(', '))}`;
    case 'agent_message':
      return 'answer received';
    case 'warning':
      return `codex warning: ${firstLine(event.message)}`;
    case 'retry':
      return `retrying in ${Math.round(event.delayMs / 100) / 10}s (attempt ${event.attempt}): ${firstLine(event.reason)}`;
    case 'turn.completed':
      return `done: ${event.usage.inputTokens} tokens in, ${event.usage.outputTokens} out`;
    default:
      return undefined;
  }
}

/** The first line of model or Codex text, made safe for a terminal (core's sanitiser). */
function firstLine(text: string, max = 100): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return terminalText(line.trim().replace(/^\*\*(.*)\*\*$/, '$1'), max);
}
