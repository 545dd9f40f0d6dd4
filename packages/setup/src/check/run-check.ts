import { checkSettings } from './check-settings';
import { evaluateEnvironment, formatCheckReport, hasFailures } from './evaluate';
import { findAuth } from './find-auth';
import { findCodex } from './find-codex';
import type { CheckItem, EnvironmentFacts } from './types';

export async function gatherEnvironmentFacts(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EnvironmentFacts> {
  return {
    workspaceRoot,
    codex: findCodex(workspaceRoot, env),
    auth: findAuth(env),
    settings: await checkSettings(workspaceRoot, env),
  };
}

export interface EnvironmentCheck {
  items: CheckItem[];
  report: string;
  ok: boolean;
}

/** The environment check shared by `nx g @nx-codex/setup:check` and the `nx-codex-check` bin. */
export async function runEnvironmentCheck(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EnvironmentCheck> {
  const items = evaluateEnvironment(await gatherEnvironmentFacts(workspaceRoot, env));
  return { items, report: formatCheckReport(items), ok: !hasFailures(items) };
}
