import type { CodexEvent, CodexUsage } from './types';

/** What a turn came to, gathered from its events (shared by both transports). */
export class TurnCollector {
  threadId?: string;
  lastAgentMessage?: string;
  usage?: CodexUsage;
  failure?: string;
  readonly warnings: string[] = [];
  eventCount = 0;

  add(event: CodexEvent): void {
    this.eventCount += 1;
    switch (event.type) {
      case 'thread.started':
        this.threadId = event.threadId;
        break;
      case 'agent_message':
        this.lastAgentMessage = event.text;
        break;
      case 'turn.completed':
        this.usage = event.usage;
        break;
      case 'turn.failed':
        this.failure = event.message;
        break;
      case 'warning':
        this.warnings.push(event.message);
        break;
      default:
        break;
    }
  }
}
