import { describeEvent, type CodexEvent } from '@nx-codex/core';

const MAX = 200;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
}

/**
 * One line for every codex event (a progress notification each): core's review wording where it
 * has one, and the events a review keeps quiet about otherwise.
 */
export function codexEventMessage(event: CodexEvent): string {
  if (event.type === 'agent_message') return `codex: ${short(event.text)}`;
  const described = describeEvent(event);
  if (described) return described;
  switch (event.type) {
    case 'turn.started':
      return 'codex is working';
    case 'command':
      return `command ${event.status}${event.exitCode === undefined ? '' : ` (exit ${event.exitCode})`}: ${short(event.command)}`;
    case 'turn.failed':
      return `codex failed: ${short(event.message)}`;
    default:
      return `codex: ${event.type}`;
  }
}
