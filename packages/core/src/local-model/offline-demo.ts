/**
 * The `offline` configuration of the nx-codex targets. The published packages start no model: the
 * nx-codex repository's own offline demo plugin (registered in its nx.json, not published)
 * starts a scripted model for the run and sets CODEX_HOME and this variable to its URL. Without
 * them an offline run stops before anything is sent, so `--configuration=offline` never reaches
 * the user's real provider.
 */
export const OFFLINE_MODEL_ENV = 'NX_CODEX_OFFLINE_MODEL';

export type OfflineDemo = { url: string } | { problem: string };

/** For a run with `offline` set: the scripted model's URL, or why the run stops. Undefined otherwise. */
export function offlineDemoModel(offline: boolean | undefined, env: NodeJS.ProcessEnv): OfflineDemo | undefined {
  if (!offline) return undefined;
  const url = env[OFFLINE_MODEL_ENV];
  if (url && env.CODEX_HOME) return { url };
  return {
    problem:
      'the offline configuration answers from a scripted local model that the nx-codex repository starts for the run (its offline demo Nx plugin), and none was started here, so nothing was sent to any model. ' +
      'Drop --configuration=offline to use your Codex provider.',
  };
}
