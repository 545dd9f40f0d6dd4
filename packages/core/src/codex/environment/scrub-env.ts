/**
 * The environment of every codex process nx-codex starts: only what Codex needs to run and to reach
 * its model provider. Nx hands a task the whole environment of the shell or CI job, plus the
 * project's .env files (Nx loads them into the task environment); Codex's shell tool, when on, passed all of it to the model
 * (`env` returned GITHUB_TOKEN, the Nx cache token and .env values). An allow-list, not a deny-list:
 * a variable is kept only when it is named here or is the provider's own credential.
 */
import type { EffectiveSettings } from '../../config/types';

/** Not secrets, and Codex (or the Node launcher, or the sandbox) reads them. */
const KEPT_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'USERNAME',
  'SHELL',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  // TLS: a company CA bundle is how Codex reaches a provider behind an inspecting proxy.
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'RUST_LOG',
  'RUST_BACKTRACE',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  // The OS keyring (cli_auth_credentials_store = "keyring") is reached over the session bus.
  'DBUS_SESSION_BUS_ADDRESS',
  // Windows: where home, temp and the system are.
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
]);

/** Proxies (any case): Codex needs them to reach the provider, credentials in the URL included. */
const PROXY_NAMES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY']);

/** Codex's own API key variables: what `codex exec` authenticates with when there is no login. */
const CODEX_CREDENTIALS = new Set(['CODEX_API_KEY', 'CODEX_ACCESS_TOKEN']);
/** A value, not a setting: CODEX_GITHUB_PERSONAL_ACCESS_TOKEN is one, CODEX_REFRESH_TOKEN_URL_OVERRIDE is not. */
const SECRET_LOOKING = /(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIALS?|COOKIE)$/i;

function keptByDefault(name: string): boolean {
  const upper = name.toUpperCase();
  if (KEPT_NAMES.has(upper) || PROXY_NAMES.has(upper) || upper.startsWith('LC_')) return true;
  // Codex's other CODEX_* settings (CODEX_HOME, CODEX_CA_CERTIFICATE, …), but not a token it does
  // not need for the model (CODEX_GITHUB_PERSONAL_ACCESS_TOKEN).
  if (upper.startsWith('CODEX_')) return CODEX_CREDENTIALS.has(upper) || !SECRET_LOOKING.test(upper);
  return false;
}

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/**
 * `env` reduced to what a codex process may see: the names above, plus `passEnv` (exact names, or
 * prefixes ending in `*`), normally providerEnvNames(settings). Unset values are dropped.
 */
export function scrubCodexEnv(
  env: Record<string, string | undefined>,
  passEnv: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (keptByDefault(name) || passEnv.some((pattern) => matches(name, pattern))) kept[name] = value;
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
