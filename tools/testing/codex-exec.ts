// Shared by the specs: one `codex exec --json` against a running local model, in a fresh workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createCodexHome,
  makeTempDir,
  runCodexExec,
  type CodexEvent,
  type CodexRun,
  type CodexVersion,
  type LocalModel,
} from './index';

export interface ExecResult extends CodexRun {
  workspace: string;
  agentMessages: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- codex's JSONL items, read field by field by the specs
  items: Array<{ type: string; [key: string]: any }>;
  failed?: CodexEvent;
}

const workspaces: Array<() => void> = [];

/** Removes the workspaces of finished runs (call from afterAll). */
export function cleanupWorkspaces(): void {
  workspaces.splice(0).forEach((cleanup) => cleanup());
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

export async function codexExec(
  model: LocalModel,
  prompt: string,
  options: {
    flags?: string[];
    version?: CodexVersion;
    files?: Record<string, string>;
    workspace?: { dir: string; cleanup(): void };
  } = {},
): Promise<ExecResult> {
  const home = createCodexHome({ baseUrl: model.url });
  const ws = options.workspace ?? makeTempDir('codex-ws-');
  workspaces.push(ws.cleanup);
  for (const [name, content] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(ws.dir, name), content);
  try {
    const run = await runCodexExec({
      version: options.version,
      args: ['--json', '--skip-git-repo-check', '--ephemeral', '-C', ws.dir, ...(options.flags ?? []), prompt],
      env: home.env,
      timeoutMs: 60000,
    });
    const items = run.events.filter((e) => e.type === 'item.completed').map((e) => e.item);
    return {
      ...run,
      workspace: ws.dir,
      items,
      agentMessages: items.filter((i) => i.type === 'agent_message').map((i) => i.text),
      failed: run.events.find((e) => e.type === 'turn.failed'),
    };
  } finally {
    home.cleanup();
  }
}

/** A run's output, for failure messages. */
export function describeRun(run: CodexRun): string {
  return `exit ${run.exitCode}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr.slice(-2000)}`;
}
