import type { CodexEvent } from '../codex/types';
import { terminalText } from '../sanitise';
import { firstLine } from '../text';

/** One short line for a Codex event worth showing while a review runs, or undefined to stay quiet. */
export function describeEvent(event: CodexEvent): string | undefined {
  switch (event.type) {
    case 'thread.started':
      return 'codex started';
    case 'reasoning':
      return `thinking: ${firstLineForTerminal(event.text)}`;
    case 'command':
      return event.status === 'in_progress' ? `running: ${firstLineForTerminal(event.command)}` : undefined;
    case 'file_change':
      return `file change: ${terminalText(event.changes.map((c) => `${c.kind} ${c.path}`).join(', '))}`;
    case 'agent_message':
      return 'answer received';
    case 'warning':
      return `codex warning: ${firstLineForTerminal(event.message)}`;
    case 'retry':
      return `retrying in ${Math.round(event.delayMs / 100) / 10}s (attempt ${event.attempt}): ${firstLineForTerminal(event.reason)}`;
    case 'turn.completed':
      return `done: ${event.usage.inputTokens} tokens in, ${event.usage.outputTokens} out`;
    default:
      return undefined;
  }
}

/** The first line of model or Codex text, made safe for a terminal (core's sanitiser). */
function firstLineForTerminal(text: string, max = 100): string {
  return terminalText(firstLine(text).replace(/^\*\*(.*)\*\*$/, '$1'), max);
}
