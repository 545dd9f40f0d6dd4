import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface OfflineModel {
  /** http://127.0.0.1:PORT/v1 */
  url: string;
  /** A temporary CODEX_HOME whose config.toml points codex at the scripted model, offline-safe. */
  codexHome: string;
  stop(): Promise<void>;
}

interface TestingTools {
  startLocalModel(options: { scenario: string }): Promise<{ url: string; stop(): Promise<void> }>;
  createCodexHome(options: { baseUrl: string }): { dir: string; cleanup(): void };
}

/**
 * The `offline` configuration of the nx-codex targets: starts the repository's scripted model
 * server (tools/local-model, through tools/testing) with `scenario` and writes a CODEX_HOME that
 * points codex at it. Its answers are canned, not a model's. Only the nx-codex repository has
 * those tools; elsewhere this says so.
 */
export async function startOfflineModel(workspaceRoot: string, scenario: string): Promise<OfflineModel> {
  const testing = join(workspaceRoot, 'tools/testing/index.js');
  if (!existsSync(testing)) {
    throw new Error(
      `The offline configuration needs ${testing} (tools/local-model and tools/testing of the nx-codex repository), which this workspace does not have. Run the target without --configuration=offline to use your own Codex settings.`,
    );
  }
  const tools = require(testing) as TestingTools;
  const model = await tools.startLocalModel({ scenario: resolve(workspaceRoot, scenario) });
  const home = tools.createCodexHome({ baseUrl: model.url });
  let stopped: Promise<void> | undefined;
  return {
    url: model.url,
    codexHome: home.dir,
    stop: () => (stopped ??= model.stop().finally(() => home.cleanup())),
  };
}
