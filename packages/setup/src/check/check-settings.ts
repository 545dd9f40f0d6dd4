import { CORE_PACKAGE } from '../utils/packages';
import type { CustomProviderFacts, SettingsFacts } from './types';

type LoadSettings = (options: { workspaceRoot: string; env?: NodeJS.ProcessEnv }) => unknown;

function isModuleNotFound(error: unknown, id: string): boolean {
  const e = error as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${id}'`);
}

/** A short, secret-free description of what loadSettings returned, when it has a model. */
function summarize(result: unknown): string | undefined {
  const record = (result ?? {}) as Record<string, unknown>;
  const settings = (record['settings'] ?? record['values'] ?? record) as Record<string, unknown>;
  const model = settings['model'];
  const pick = (v: unknown) =>
    v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v;
  return typeof pick(model) === 'string' ? `model ${String(pick(model))}` : undefined;
}

/** The configured provider when it is not OpenAI's (whose credentials are a login or CODEX_API_KEY). */
function customProvider(result: unknown, env: NodeJS.ProcessEnv): CustomProviderFacts | undefined {
  const settings = (
    (result ?? {}) as {
      settings?: {
        model_provider?: { value?: unknown };
        raw?: { model_providers?: Record<string, { env_key?: unknown } | undefined> };
      };
    }
  ).settings;
  const id = settings?.model_provider?.value;
  if (typeof id !== 'string' || id === 'openai') return undefined;
  const envKey = settings?.raw?.model_providers?.[id]?.env_key;
  return typeof envKey === 'string'
    ? { id, envKey, envKeySet: (env[envKey] ?? '').trim() !== '' }
    : { id, envKeySet: false };
}

/**
 * Validates the effective Codex settings with @nx-codex/core's own loader, required lazily: the
 * check has to work (and say so) in a workspace where core is missing or older.
 * @param searchFrom where to resolve @nx-codex/core from: the workspace's, else the one beside us
 */
export async function checkSettings(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
  searchFrom = [workspaceRoot, __dirname],
): Promise<SettingsFacts> {
  let core: { loadSettings?: LoadSettings };
  try {
    core = require(require.resolve(CORE_PACKAGE, { paths: searchFrom }));
  } catch (error) {
    if (isModuleNotFound(error, CORE_PACKAGE)) {
      return {
        status: 'not-checked',
        reason: `${CORE_PACKAGE} not installed`,
        fix: `npm install -D ${CORE_PACKAGE} (or run \`nx add @nx-codex/setup\`)`,
      };
    }
    return {
      status: 'not-checked',
      reason: `${CORE_PACKAGE} could not be loaded: ${(error as Error).message.split('\n')[0]}`,
      fix: `reinstall ${CORE_PACKAGE}`,
    };
  }
  if (typeof core.loadSettings !== 'function') {
    return {
      status: 'not-checked',
      reason: `this ${CORE_PACKAGE} has no loadSettings`,
      fix: `update ${CORE_PACKAGE} to the version of @nx-codex/setup`,
    };
  }
  try {
    const result = await core.loadSettings({ workspaceRoot, env });
    return { status: 'valid', summary: summarize(result), provider: customProvider(result, env) };
  } catch (error) {
    return { status: 'invalid', message: (error as Error).message };
  }
}
