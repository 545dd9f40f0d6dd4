import { createCodexClient, type CodexCallOptions, type CodexClient, type CodexResult } from '@nx-codex/core';
import { codexEventMessage } from './codex-event-message';
import type { ToolContext } from './tool';

/** What a thread was started with, so that a reply continues it the same way. */
export type ThreadSettings = Omit<CodexCallOptions, 'prompt' | 'resumeThreadId' | 'signal' | 'onEvent' | 'ephemeral'>;

/** Threads remembered at most; older ones fall back to the defaults when resumed. */
const MAX_THREADS = 500;

/**
 * One Codex client per server (exec transport: `codex exec --json`, replies through
 * `codex exec resume`), plus the settings of the threads this server started.
 */
export class CodexRunner {
  private client?: Promise<CodexClient>;
  private readonly threads = new Map<string, ThreadSettings>();

  constructor(private readonly workspaceRoot: string) {}

  private getClient(): Promise<CodexClient> {
    this.client ??= Promise.resolve(createCodexClient({ transport: 'exec', workspaceRoot: this.workspaceRoot })).catch(
      (error: unknown) => {
        this.client = undefined; // a missing binary can be installed while the server runs
        throw error;
      },
    );
    return this.client;
  }

  /** Runs one turn; every codex event becomes a progress notification of the call. */
  async run(options: Omit<CodexCallOptions, 'signal' | 'onEvent'>, ctx: ToolContext): Promise<CodexResult> {
    const client = await this.getClient();
    return client.run({
      ...options,
      signal: ctx.signal,
      onEvent: (event) => ctx.progress(codexEventMessage(event)),
    });
  }

  remember(threadId: string | undefined, settings: ThreadSettings): void {
    if (!threadId) return;
    this.threads.delete(threadId);
    this.threads.set(threadId, settings);
    if (this.threads.size > MAX_THREADS) this.threads.delete(this.threads.keys().next().value as string);
  }

  recall(threadId: string): ThreadSettings | undefined {
    return this.threads.get(threadId);
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.close();
  }
}
