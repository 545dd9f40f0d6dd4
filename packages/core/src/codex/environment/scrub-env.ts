/**
 * The environment of every codex process nx-codex starts: only what Codex needs to run and to reach
 * its model provider. Nx hands a task the whole environment of the shell or CI job, plus the
 * project's .env files (Nx loads them into the task environment); Codex's shell tool, when on, passed all of it to the model
 * (`env` returned GITHUB_TOKEN, the Nx cache token and .env values). An allow-list, not a deny-list:
 * a variable is kept only when config/codex-env-names.ts names it or it is the provider's own credential.
 */
import { passedToCodex } from '../../config/codex-env-names';
import type { EffectiveSettings } from '../../config/types';

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/**
 * `env` reduced to what a codex process may see: the names passedToCodex keeps, plus `passEnv` (exact names, or
 * prefixes ending in `*`), normally providerEnvNames(settings). Unset values are dropped.
 */
export function scrubCodexEnv(
  env: Record<string, string | undefined>,
  passEnv: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (passedToCodex(name) || passEnv.some((pattern) => matches(name, pattern))) kept[name] = value;
  }
  return kept;
}

/**
 * The variables the effective provider reads its credentials from: its `env_key`, the variables
 * named by `env_http_headers`, OPENAI_API_KEY for the built-in `openai`, AWS_* for Bedrock. The
 * settings come from the user's config (a repository cannot set a provider without the trust
 * option), so these names are the user's choice.
 */
export function providerEnvNames(settings: Pick<EffectiveSettings, 'model_provider' | 'raw'>): string[] {
  const id = settings.model_provider.value;
  const providers = settings.raw['model_providers'];
  const provider = (
    providers && typeof providers === 'object' ? (providers as Record<string, unknown>)[id] : undefined
  ) as Record<string, unknown> | undefined;
  const names: string[] = [];
  if (id === 'openai') names.push('OPENAI_API_KEY');
  if (id === 'amazon-bedrock' || provider?.['aws'] !== undefined) names.push('AWS_*');
  if (typeof provider?.['env_key'] === 'string') names.push(provider['env_key']);
  const headers = provider?.['env_http_headers'];
  if (headers && typeof headers === 'object')
    for (const value of Object.values(headers)) if (typeof value === 'string') names.push(value);
  return names;
}

/**
 * `-c` settings for a codex run whose shell is on (test generation, the MCP `codex` tool, a review
 * with `shellTools`): the shell inherits only Codex's "core" variables (HOME, PATH, SHELL, USER,
 * TMPDIR…), never the provider key the codex process itself must keep. Measured with 0.169.0: by
 * default `env` in the shell printed CODEX_API_KEY and the provider's env_key value; with this, none.
 */
export const SHELL_ENVIRONMENT_POLICY: Readonly<Record<string, unknown>> = {
  'shell_environment_policy.inherit': 'core',
};

/** `-c` settings that take Codex's shell away (exec_command and write_stdin disappear from the request). */
export const NO_SHELL_TOOLS: Readonly<Record<string, unknown>> = {
  'features.shell_tool': false,
  'features.unified_exec': false,
};
