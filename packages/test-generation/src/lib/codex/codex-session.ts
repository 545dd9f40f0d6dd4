import type { CodexCallOptions, CodexClient, CodexEvent, CodexUsage } from '@nx-codex/core';

export interface SessionTurn {
  text: string;
  /** file_change events of this turn, paths as Codex gave them (absolute or relative to cwd). */
  fileChanges: Array<{ path: string; kind: string }>;
}

/**
 * One Codex thread across rounds: the first prompt starts it (workspace-write sandbox, kept so it
 * can be resumed), repair prompts continue it with `exec resume`, so Codex remembers what it wrote.
 */
export class CodexSession {
  threadId?: string;
  /** The final message of each turn, in order. */
  readonly messages: string[] = [];
  /** Every file_change of every turn, interrupted ones included: what a full restore must consider. */
  readonly allFileChanges: Array<{ path: string; kind: string }> = [];
  readonly usage: CodexUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };

  constructor(
    private readonly client: CodexClient,
    private readonly call: Omit<CodexCallOptions, 'prompt' | 'resumeThreadId' | 'onEvent' | 'sandbox' | 'ephemeral'>,
    private readonly onEvent: (event: CodexEvent) => void = () => undefined,
  ) {}

  async send(prompt: string): Promise<SessionTurn> {
    const fileChanges: SessionTurn['fileChanges'] = [];
    const result = await this.client.run({
      ...this.call,
      prompt,
      sandbox: 'workspace-write',
      ephemeral: false,
      resumeThreadId: this.threadId,
      onEvent: (event) => {
        if (event.type === 'thread.started') this.threadId ??= event.threadId;
        if (event.type === 'file_change') {
          const changes = event.changes.map((c) => ({ path: c.path, kind: c.kind }));
          fileChanges.push(...changes);
          this.allFileChanges.push(...changes);
        }
        this.onEvent(event);
      },
    });
    this.threadId ??= result.threadId;
    this.messages.push(result.text);
    for (const key of Object.keys(this.usage) as Array<keyof CodexUsage>) this.usage[key] += result.usage[key];
    return { text: result.text, fileChanges };
  }
}
