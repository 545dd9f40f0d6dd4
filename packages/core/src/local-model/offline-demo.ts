import { loadTargetSettings, type TargetSettingsOptions } from '../config/target-settings';
import { terminalText } from '../sanitise/terminal-text';

/**
 * The `offline` configuration of the nx-codex targets. The published packages start no model: the
 * nx-codex repository's own offline demo plugin (registered in its nx.json, not published)
 * starts a scripted model for the run and sets CODEX_HOME and this variable to its URL. Without
 * them an offline run stops before anything is sent, so `--configuration=offline` never reaches
 * the user's real provider. Both variables can also come from elsewhere (the user's own CODEX_HOME,
 * a repository `.env` that Nx loads), so the run goes on only when the provider the settings choose
 * is that URL, on this machine's loopback interface.
 */
export const OFFLINE_MODEL_ENV = 'NX_CODEX_OFFLINE_MODEL';

export type OfflineDemo = { url: string } | { problem: string };

/** The run whose settings decide the provider: its target's options after keepCommandLineOnly. */
export interface OfflineRun {
  workspaceRoot: string;
  /** Test generation layers the project's .codex/config.toml; the review does not. */
  projectRoot?: string;
  options: TargetSettingsOptions;
}

const NOT_STARTED =
  'the offline configuration answers from a scripted local model that the nx-codex repository starts for the run (its offline demo Nx plugin), and none was started here, so nothing was sent to any model. ' +
  'Drop --configuration=offline to use your Codex provider.';

/** For a run with `offline` set: the scripted model's URL, or why the run stops. Undefined otherwise. */
export function offlineDemoModel(
  offline: boolean | undefined,
  env: NodeJS.ProcessEnv,
  run: OfflineRun,
): OfflineDemo | undefined {
  if (!offline) return undefined;
  const url = env[OFFLINE_MODEL_ENV];
  if (!url || !env.CODEX_HOME) return { problem: NOT_STARTED };
  let baseUrl: string | undefined;
  try {
    baseUrl = providerBaseUrl(run, env);
  } catch (error) {
    return {
      problem: `the offline configuration cannot read the Codex settings, so nothing was sent to any model: ${(error as Error).message}`,
    };
  }
  if (baseUrl === url && isLoopback(url)) return { url };
  const shown = (value: string | undefined) =>
    value === undefined ? "Codex's default provider" : JSON.stringify(terminalText(value));
  return {
    problem:
      `the offline configuration answers only from a scripted model on this machine, and the Codex settings of CODEX_HOME=${JSON.stringify(terminalText(env.CODEX_HOME))} send Codex to ${shown(baseUrl)}, ` +
      `not to the ${OFFLINE_MODEL_ENV} model ${shown(url)} on 127.0.0.1 or localhost, so nothing was sent to any model. ` +
      `Drop --configuration=offline to use your Codex provider; the offline demo runs in the nx-codex repository, whose plugin sets both.`,
  };
}

/** The base URL of the provider the run's settings choose, read as the review and the generation read them. */
function providerBaseUrl(run: OfflineRun, env: NodeJS.ProcessEnv): string | undefined {
  return loadTargetSettings({ ...run, env }).settings.base_url?.value;
}

/** An http(s) URL whose host is the loopback interface (127.x.x.x, localhost, [::1]). */
function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    return /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}
